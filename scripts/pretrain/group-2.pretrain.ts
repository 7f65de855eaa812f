/** `npm run pretrain`, process 2 of 2 (scripts/pretrain/groups.ts). */
import { test } from 'vitest';
import { pretrainGroup } from './groups';

test('pretrain the digits lab, group 2', () => pretrainGroup(1));
