import { createAutoregressive, type AutoregressiveConfig } from './autoregressive';
import { createDiffusion, type DiffusionConfig } from './diffusion';
import { createEbm, type EbmConfig } from './ebm';
import { createFlow, type FlowConfig } from './flow';
import { createFlowMatching, type FlowMatchingConfig } from './flow-matching';
import { createGan, type GanConfig } from './gan';
import { createVae, type VaeConfig } from './vae';
import { ConfigError } from './config';
import { families, type Family, type ModelRuntime, type ToyModel } from './types';

/** The configuration type of each family, for callers that build one by name. */
export interface FamilyConfigs {
  autoregressive: AutoregressiveConfig;
  vae: VaeConfig;
  flow: FlowConfig;
  ebm: EbmConfig;
  gan: GanConfig;
  diffusion: DiffusionConfig;
  'flow-matching': FlowMatchingConfig;
}

const factories: { [F in Family]: (config?: Partial<FamilyConfigs[F]>, runtime?: ModelRuntime) => ToyModel } = {
  autoregressive: createAutoregressive,
  vae: createVae,
  flow: createFlow,
  ebm: createEbm,
  gan: createGan,
  diffusion: createDiffusion,
  'flow-matching': createFlowMatching,
};

/**
 * Build a model of the named family from a (partial) configuration; each family validates its
 * own fields and throws a ConfigError for a bad one. An unknown family is a ConfigError too.
 * `runtime.fastKernels` lets the families that have a fused training step use it.
 */
export function createModel<F extends Family>(family: F, config?: Partial<FamilyConfigs[F]>, runtime?: ModelRuntime): ToyModel;
export function createModel(family: string, config?: object, runtime?: ModelRuntime): ToyModel;
export function createModel(family: string, config: object = {}, runtime: ModelRuntime = {}): ToyModel {
  if (!(families as readonly string[]).includes(family)) {
    throw new ConfigError(`Unknown model family "${family}". Valid families: ${families.join(', ')}.`);
  }
  return (factories[family as Family] as (c?: object, r?: ModelRuntime) => ToyModel)(config, runtime);
}

export { families, type Family, type ModelRuntime, type ToyModel };
