/** `npm run pretrain`, process 1 of 2 (scripts/pretrain/groups.ts). */
import { test } from 'vitest';
import { pretrainGroup } from './groups';

test('pretrain the digits lab, group 1', () => pretrainGroup(0));
