import type { Family } from '../../../models/types';
import { autoregressiveView } from './autoregressive';
import { diffusionView } from './diffusion';
import { ebmView } from './ebm';
import { flowView } from './flow';
import { flowMatchingView } from './flow-matching';
import { ganView } from './gan';
import type { FamilyView } from './types';
import { vaeView } from './vae';

export const familyViews: Record<Family, FamilyView> = {
  autoregressive: autoregressiveView,
  vae: vaeView,
  flow: flowView,
  ebm: ebmView,
  gan: ganView,
  diffusion: diffusionView,
  'flow-matching': flowMatchingView,
};
