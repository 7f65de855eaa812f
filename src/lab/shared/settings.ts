/**
 * Every setting of every lab widget, in ONE declarative table (TensorFlow Playground's idea): the
 * table drives the controls that Lab.astro renders, the messages sent to the worker
 * (model-config.ts) and the URL both ways (url-codec.ts). No DOM and no tfjs: it runs on the page,
 * in the worker and in Node tests.
 */
import type { FamilyConfigs } from '../../models/index';
import type { Family } from '../../models/types';
import { L, type Label } from '../../lib/i18n';
import { termLabel } from '../../lib/glossary.mjs';
import { parseValue } from './value-codec';

/** A field of the family's model config (src/models/index.ts FamilyConfigs) that a setting fills. */
export type ConfigKey<F extends Family> = keyof FamilyConfigs[F] & string;

/**
 * What a change does: 'model' rebuilds the model (back to step 0); 'live' is sent to the running
 * worker without a reset (speed, sampler, Langevin steps); 'view' only changes what the page draws.
 */
export type Effect = 'model' | 'live' | 'view';

interface SettingBase<F extends Family> {
  key: string;
  label: Label;
  effect: Effect;
  /** The model-config field(s) this setting fills (createModel(family, config)); absent if none. */
  configKey?: ConfigKey<F> | readonly ConfigKey<F>[];
  /** A sentence shown under the control. */
  help?: Label;
  /** Show the control only while another choice setting has this value. */
  when?: { key: string; value: string };
}

export interface NumberSetting<F extends Family = Family> extends SettingBase<F> {
  kind: 'number';
  default: number;
  min: number;
  max: number;
  integer?: boolean;
  /** 'range' renders a slider with its value beside it; 'number' a text box (for log-scale values). */
  control: 'range' | 'number';
  /** Slider/box step; 'any' for free numbers. */
  step: number | 'any';
}

export interface ChoiceSetting<F extends Family = Family> extends SettingBase<F> {
  kind: 'choice';
  default: string;
  options: readonly { value: string; label: Label }[];
}

export interface BooleanSetting<F extends Family = Family> extends SettingBase<F> {
  kind: 'boolean';
  default: boolean;
}

/** Points the reader drew (dataset "draw your own"), interleaved [x0, y0, …]; carried in the URL compactly. */
export interface PointsSetting<F extends Family = Family> extends SettingBase<F> {
  kind: 'points';
  default: Float32Array;
  maxPoints: number;
}

export type Setting<F extends Family = Family> = NumberSetting<F> | ChoiceSetting<F> | BooleanSetting<F> | PointsSetting<F>;
export type Value = number | string | boolean | Float32Array;
export type Values = Record<string, Value>;

export const datasetOptions = [
  { value: 'eight-gaussians', label: L('가우시안 8개', '8 Gaussians') },
  { value: 'two-moons', label: L('두 개의 반달', 'Two moons') },
  { value: 'swiss-roll', label: L('스위스 롤', 'Swiss roll') },
  { value: 'checkerboard', label: L('체커보드', 'Checkerboard') },
  { value: 'pinwheel', label: L('바람개비', 'Pinwheel') },
  { value: 'rings', label: L('동심원', 'Rings') },
  { value: 'two-spirals', label: L('두 나선', 'Two spirals') },
  { value: 'drawn', label: L('직접 그리기', 'Draw your own') },
] as const;

/** The backend the worker tries first; chosen by the browser benchmark (bench/browser.mjs). */
export const DEFAULT_BACKEND = 'wasm';

/** Throttles for the speed control: the most training steps per second (Infinity = as fast as possible). */
export const speedLimits: Record<string, number> = { slow: 5, medium: 40, fast: Infinity };

interface CommonDefaults<F extends Family> {
  learningRate: number;
  hidden: number;
  /** Config fields the learning rate fills (the GAN has one per network). */
  lrKeys?: readonly ConfigKey<F>[];
}

function common<F extends Family>(d: CommonDefaults<F>): Setting<F>[] {
  return [
    {
      key: 'dataset',
      kind: 'choice',
      label: L('데이터', 'Data'),
      effect: 'model',
      default: 'eight-gaussians',
      options: datasetOptions,
    },
    {
      key: 'points',
      kind: 'points',
      label: L('그린 점', 'Drawn points'),
      effect: 'model',
      default: new Float32Array(0),
      maxPoints: 300,
    },
    {
      key: 'speed',
      kind: 'choice',
      label: L('속도', 'Speed'),
      effect: 'live',
      default: 'fast',
      options: [
        { value: 'slow', label: L('느리게 (초당 5스텝)', 'Slow (5 steps/s)') },
        { value: 'medium', label: L('보통 (초당 40스텝)', 'Medium (40 steps/s)') },
        { value: 'fast', label: L('최대', 'As fast as possible') },
      ],
    },
    {
      key: 'lr',
      kind: 'number',
      label: L('학습률', 'Learning rate'),
      effect: 'model',
      configKey: d.lrKeys ?? 'learningRate',
      default: d.learningRate,
      min: 1e-5,
      max: 100,
      control: 'number',
      step: 'any',
    },
    {
      key: 'width',
      kind: 'number',
      label: L('신경망 너비', 'Network width'),
      effect: 'model',
      configKey: 'hidden',
      default: d.hidden,
      min: 4,
      max: 256,
      integer: true,
      control: 'range',
      step: 4,
    },
    {
      key: 'seed',
      kind: 'number',
      label: L('시드', 'Seed'),
      effect: 'model',
      configKey: 'seed',
      default: 1,
      min: 0,
      max: 2 ** 31 - 1,
      integer: true,
      control: 'number',
      step: 1,
    },
    {
      key: 'backend',
      kind: 'choice',
      label: L('TensorFlow.js 백엔드', 'TensorFlow.js backend'),
      effect: 'model',
      default: DEFAULT_BACKEND,
      options: [
        { value: 'wasm', label: L('WebAssembly', 'WebAssembly') },
        { value: 'webgl', label: L('WebGL', 'WebGL') },
        { value: 'cpu', label: L('CPU (자바스크립트)', 'CPU (plain JavaScript)') },
      ],
    },
    trainerSetting,
  ];
}

/** Which code computes each training step: every family runs on the fused kernels by default (src/models/network). */
const trainerSetting: Setting<Family> = {
  key: 'trainer',
  kind: 'choice',
  label: L('학습 단계 계산', 'Training step'),
  effect: 'model',
  default: 'fused',
  options: [
    { value: 'fused', label: L('융합 커널 (WebAssembly SIMD)', 'Fused kernels (WebAssembly SIMD)') },
    { value: 'tfjs', label: L('TensorFlow.js (읽기 쉬운 경로)', 'TensorFlow.js (the readable path)') },
  ],
  help: L(
    '같은 계산을 하는 두 구현입니다. 융합 커널은 신경망의 순전파, 역전파, Adam 갱신을 WebAssembly로 묶어 계산해 몇 배 빠릅니다. TensorFlow.js 경로는 같은 수식을 TensorFlow.js로 계산하는 기준 구현입니다.',
    'Two implementations of the same step. The fused kernels compute the networks’ forward and backward passes and the Adam update together in WebAssembly and are several times faster. The TensorFlow.js path computes the same maths with TensorFlow.js, the reference implementation.',
  ),
};

const familySettings: { [F in Family]: readonly Setting<F>[] } = {
  autoregressive: [
    ...common({ learningRate: 3e-3, hidden: 64 }),
    {
      key: 'conditional',
      kind: 'choice',
      label: L('조건부 분포의 꼴', 'Conditional distribution'),
      effect: 'model',
      configKey: 'conditional',
      default: 'mixture',
      options: [
        { value: 'mixture', label: L('가우시안 혼합', 'Mixture of Gaussians') },
        { value: 'categorical', label: L('구간 히스토그램 (범주형)', 'Histogram of bins (categorical)') },
      ],
    },
    {
      key: 'components',
      kind: 'number',
      label: L('혼합 성분 수', 'Mixture components'),
      effect: 'model',
      configKey: 'components',
      when: { key: 'conditional', value: 'mixture' },
      default: 8,
      min: 1,
      max: 32,
      integer: true,
      control: 'range',
      step: 1,
    },
    {
      key: 'bins',
      kind: 'number',
      label: L('구간 수', 'Bins'),
      effect: 'model',
      configKey: 'bins',
      when: { key: 'conditional', value: 'categorical' },
      default: 128,
      min: 4,
      max: 256,
      integer: true,
      control: 'range',
      step: 4,
    },
    {
      key: 'slice',
      kind: 'number',
      label: L('단면 위치 x₁', 'Slice at x₁'),
      effect: 'view',
      default: 0,
      min: -4,
      max: 4,
      control: 'range',
      step: 0.05,
    },
  ],
  vae: [
    ...common({ learningRate: 3e-3, hidden: 64 }),
    {
      key: 'latent',
      kind: 'number',
      label: L('잠재 차원', 'Latent dimension'),
      effect: 'model',
      configKey: 'latentDim',
      default: 2,
      min: 1,
      max: 8,
      integer: true,
      control: 'range',
      step: 1,
    },
    {
      // β-VAE (Higgins et al. 2017): the loss is recon + β·kl; β = 1 is the plain ELBO.
      key: 'beta',
      kind: 'number',
      label: L('KL 가중치 β', 'KL weight β'),
      effect: 'model',
      configKey: 'beta',
      default: 1,
      min: 0,
      max: 10,
      control: 'number',
      step: 'any',
    },
    {
      key: 'decoderVariance',
      kind: 'choice',
      label: L('디코더 분산', 'Decoder variance'),
      effect: 'model',
      configKey: 'decoderVariance',
      default: 'learned',
      options: [
        { value: 'learned', label: L('학습 (좌표마다)', 'Learned (per coordinate)') },
        { value: 'fixed', label: L('고정', 'Fixed') },
      ],
    },
    {
      // With a fixed Gaussian decoder the reconstruction term is ‖x − μ(z)‖² / 2σ², so σ² also weighs
      // the KL term against it, much as β does.
      key: 'decoderStd',
      kind: 'number',
      label: L('디코더 σ', 'Decoder σ'),
      effect: 'model',
      configKey: 'decoderStd',
      when: { key: 'decoderVariance', value: 'fixed' },
      default: 1,
      min: 0.01,
      max: 5,
      control: 'number',
      step: 'any',
    },
    {
      key: 'z1',
      kind: 'number',
      label: L('잠재 점 z₁', 'Latent point z₁'),
      effect: 'view',
      default: 0,
      min: -3,
      max: 3,
      control: 'range',
      step: 0.05,
    },
    {
      key: 'z2',
      kind: 'number',
      label: L('잠재 점 z₂', 'Latent point z₂'),
      effect: 'view',
      default: 0,
      min: -3,
      max: 3,
      control: 'range',
      step: 0.05,
    },
  ],
  flow: [
    ...common({ learningRate: 2e-3, hidden: 64 }),
    {
      key: 'coupling',
      kind: 'choice',
      label: L('결합 층의 변환', 'Coupling transform'),
      effect: 'model',
      configKey: 'coupling',
      // Spline by default, as the model's own default: it trains about 3× fewer steps per second than
      // the affine coupling (wasm in Chromium: ~25 vs ~70–90 steps/s), but on 8 Gaussians its samples
      // come within 3× the noise floor after ~100 steps (4–6 s) on every seed tried and stay near it,
      // where the affine coupling needs ~550–1,000 steps and keeps swinging around that bar.
      default: 'spline',
      options: [
        { value: 'affine', label: L('아핀 (RealNVP)', 'Affine (RealNVP)') },
        { value: 'spline', label: L('유리 2차 스플라인 (NSF)', 'Rational-quadratic spline (NSF)') },
      ],
    },
    {
      key: 'layers',
      kind: 'number',
      label: L('결합 층 수', 'Coupling layers'),
      effect: 'model',
      configKey: 'layers',
      default: 4,
      min: 1,
      max: 16,
      integer: true,
      control: 'range',
      step: 1,
    },
    {
      key: 'layer',
      kind: 'number',
      label: L('보여 줄 층 (0 = 가우시안)', 'Layer shown (0 = the Gaussian)'),
      effect: 'view',
      default: 16,
      min: 0,
      max: 16,
      integer: true,
      control: 'range',
      step: 1,
    },
  ],
  ebm: [
    ...common({ learningRate: 2e-3, hidden: 64 }),
    {
      key: 'objective',
      kind: 'choice',
      label: L('학습 방법', 'Training method'),
      effect: 'model',
      configKey: 'objective',
      default: 'ml',
      options: [
        { value: 'ml', label: L('최대 가능도 (격자 위 중요도 샘플링)', 'Maximum likelihood (importance sampling on the grid)') },
        { value: 'cd', label: L('대조 발산 (지속 사슬)', 'Contrastive divergence (persistent chains)') },
        { value: 'dsm', label: termLabel('denoising-score-matching', { sentence: true }) },
      ],
    },
    {
      key: 'stepSize',
      kind: 'number',
      label: L('랑주뱅 스텝 크기', 'Langevin step size'),
      effect: 'model',
      configKey: 'langevinStepSize',
      when: { key: 'objective', value: 'cd' },
      default: 0.01,
      min: 1e-5,
      max: 1,
      control: 'number',
      step: 'any',
    },
    {
      key: 'steps',
      kind: 'number',
      label: L('학습 스텝마다 랑주뱅 스텝 수', 'Langevin steps per training step'),
      effect: 'model',
      configKey: 'langevinSteps',
      when: { key: 'objective', value: 'cd' },
      default: 10,
      min: 1,
      max: 200,
      integer: true,
      control: 'range',
      step: 1,
    },
  ],
  gan: [
    ...common<'gan'>({ learningRate: 1e-3, hidden: 64, lrKeys: ['learningRate', 'dLearningRate'] }),
    {
      key: 'loss',
      kind: 'choice',
      label: L('손실 함수', 'Loss'),
      effect: 'model',
      configKey: 'loss',
      default: 'non-saturating',
      options: [
        { value: 'non-saturating', label: L('비포화 (원 논문의 실용 버전)', 'Non-saturating (the paper’s practical form)') },
        { value: 'wgan-gp', label: L('WGAN-GP (와서스타인 + 그래디언트 페널티)', 'WGAN-GP (Wasserstein + gradient penalty)') },
        { value: 'hinge', label: L('힌지', 'Hinge') },
      ],
    },
    {
      key: 'dSteps',
      kind: 'number',
      label: L('판별자 스텝 (생성자 한 스텝당)', 'Discriminator steps per generator step'),
      effect: 'model',
      configKey: 'dSteps',
      default: 1,
      min: 1,
      max: 10,
      integer: true,
      control: 'range',
      step: 1,
    },
    {
      key: 'arrows',
      kind: 'boolean',
      label: L('샘플의 그래디언트 화살표', 'Gradient arrows on the samples'),
      effect: 'view',
      default: true,
    },
  ],
  diffusion: [
    ...common({ learningRate: 3e-3, hidden: 64 }),
    {
      key: 'T',
      kind: 'number',
      label: L('확산 스텝 수 T', 'Diffusion steps T'),
      effect: 'model',
      configKey: 'T',
      default: 100,
      min: 10,
      max: 1000,
      integer: true,
      control: 'range',
      step: 10,
    },
    {
      key: 'schedule',
      kind: 'choice',
      label: termLabel('noise-schedule', { sentence: true }),
      effect: 'model',
      configKey: 'schedule',
      default: 'linear',
      options: [
        { value: 'linear', label: L('선형', 'Linear') },
        { value: 'cosine', label: L('코사인', 'Cosine') },
      ],
    },
    {
      key: 'noise',
      kind: 'choice',
      label: L('노이즈 분포', 'Noise distribution'),
      effect: 'model',
      configKey: 'noise',
      default: 'gaussian',
      options: [
        { value: 'gaussian', label: L('가우시안', 'Gaussian') },
        { value: 'gamma', label: L('감마', 'Gamma') },
        { value: 'mixture', label: L('가우시안 혼합', 'Mixture of Gaussians') },
      ],
    },
    {
      key: 'sampler',
      kind: 'choice',
      label: L('샘플러', 'Sampler'),
      effect: 'live',
      default: 'ancestral',
      options: [
        { value: 'ancestral', label: L('조상 샘플링 (DDPM)', 'Ancestral (DDPM)') },
        { value: 'ddim', label: L('DDIM', 'DDIM') },
      ],
    },
    {
      key: 'ddimSteps',
      kind: 'number',
      label: L('DDIM 스텝 수', 'DDIM steps'),
      effect: 'live',
      when: { key: 'sampler', value: 'ddim' },
      default: 20,
      min: 2,
      max: 200,
      integer: true,
      control: 'range',
      step: 1,
    },
    {
      key: 't',
      kind: 'number',
      label: L('정방향 노이즈 시점 t', 'Forward noising at t'),
      effect: 'view',
      default: 50,
      min: 0,
      max: 1000,
      integer: true,
      control: 'range',
      step: 1,
    },
  ],
  'flow-matching': [
    ...common({ learningRate: 3e-3, hidden: 64 }),
    {
      key: 'path',
      kind: 'choice',
      label: L('확률 경로', 'Probability path'),
      effect: 'model',
      configKey: 'path',
      default: 'linear',
      options: [
        { value: 'linear', label: L('직선 (정류 흐름)', 'Straight line (rectified flow)') },
        { value: 'cosine', label: L('코사인 (분산 보존)', 'Cosine (variance preserving)') },
      ],
    },
    {
      key: 'solver',
      kind: 'choice',
      label: L('ODE 솔버', 'ODE solver'),
      effect: 'live',
      default: 'heun',
      options: [
        { value: 'euler', label: L('Euler (1차)', 'Euler (1st order)') },
        { value: 'heun', label: L('Heun (2차)', 'Heun (2nd order)') },
      ],
    },
    {
      key: 'odeSteps',
      kind: 'number',
      label: L('ODE 스텝 수', 'ODE steps'),
      effect: 'live',
      default: 16,
      min: 1,
      max: 64,
      integer: true,
      control: 'range',
      step: 1,
    },
    {
      key: 't',
      kind: 'number',
      label: L('시점 t', 'Time t'),
      effect: 'view',
      default: 0.5,
      min: 0,
      max: 1,
      control: 'range',
      step: 0.01,
    },
  ],
};

export function settingsFor<F extends Family>(family: F): readonly Setting<F>[] {
  return familySettings[family];
}

export function settingFor<F extends Family>(family: F, key: string): Setting<F> | undefined {
  return settingsFor(family).find((s) => s.key === key);
}

/**
 * The defaults of a family's settings, with a widget's own overrides (e.g. an article that opens
 * its diffusion widget on Gamma noise: `<Lab family="diffusion" noise="gamma" />`). Overrides are
 * validated like URL values; an invalid one is ignored.
 */
export function defaultValues(family: Family, overrides: Record<string, string> = {}): Values {
  const out: Values = {};
  for (const s of settingsFor(family)) {
    out[s.key] = s.kind === 'points' ? s.default.slice() : s.default;
    const raw = overrides[s.key];
    if (raw !== undefined) {
      const parsed = parseValue(s, raw);
      if (parsed.ok) out[s.key] = parsed.value;
    }
  }
  return out;
}

/**
 * Settings whose largest value is another setting's value: the flow's layer shown ≤ its number of
 * layers; diffusion's forward time t and DDIM steps ≤ its T. Key → the key that bounds it.
 */
export const boundedBy: Partial<Record<Family, Readonly<Record<string, string>>>> = {
  flow: { layer: 'layers' },
  diffusion: { t: 'T', ddimSteps: 'T' },
};

/** Clamp the settings whose range depends on another setting (boundedBy). */
export function normalise(family: Family, values: Values): Values {
  const v = { ...values };
  for (const [key, limit] of Object.entries(boundedBy[family] ?? {})) v[key] = Math.min(numberOf(values, key), numberOf(values, limit));
  return v;
}

/** A number setting's value (NaN if the key holds no number: a caller's mistake shows, never a silent 0). */
export function numberOf(values: Values, key: string): number {
  const v = values[key];
  return typeof v === 'number' ? v : NaN;
}

/** The reader's drawn points (none if the key holds anything else). */
export function pointsOf(values: Values): Float32Array {
  const v = values.points;
  return v instanceof Float32Array ? v : new Float32Array(0);
}

