/**
 * `npm run pretrain` (scripts/pretrain/pretrain.ts): writes public/digits/ and the manifest.
 * PRETRAIN_FAMILIES=vae,gan limits it to some families (the others' files stay as they are).
 */
import { test } from 'vitest';
import type { DigitFamily } from '../../src/models/digit-configs';
import { pretrainDefaults, pretrainDigits } from './pretrain';

test('pretrain the digits lab', async () => {
  const manifestPath = 'src/lab/shared/digits-manifest.json';
  const only = process.env.PRETRAIN_FAMILIES?.split(',') as DigitFamily[] | undefined;
  const manifest = await pretrainDigits({ ...pretrainDefaults, outDir: 'public/digits', manifestPath, families: only, log: (l) => console.log(l) });
  console.log(JSON.stringify(manifest, null, 2));
});
