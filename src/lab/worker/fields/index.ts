import type { Family, ToyModel } from '../../../models/types';
import { autoregressiveFields } from './autoregressive';
import { diffusionFields } from './diffusion';
import { ebmFields } from './ebm';
import { flowFields } from './flow';
import { flowMatchingFields } from './flow-matching';
import { ganFields } from './gan';
import type { FamilyFields } from './types';
import { vaeFields } from './vae';

const table = {
  autoregressive: autoregressiveFields,
  vae: vaeFields,
  flow: flowFields,
  ebm: ebmFields,
  gan: ganFields,
  diffusion: diffusionFields,
  'flow-matching': flowMatchingFields,
};

/**
 * A family's views, computed in the worker. The session holds its model as a plain ToyModel;
 * createModel(family) returns that family's own model, which is what these functions expect.
 */
export function fieldsOf(family: Family): FamilyFields<ToyModel> {
  return table[family] as unknown as FamilyFields<ToyModel>;
}
