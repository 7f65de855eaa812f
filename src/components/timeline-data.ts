/**
 * Milestones of deep generative modelling for the timeline article (content/{ko,en}/timeline.mdx),
 * with years and identifiers as checked in shared/FACTS.md (section C). Paper titles stay in
 * English in both editions; the one-line note saying what each work introduced is bilingual.
 */
export type TimelineFamily =
  | 'ebm'
  | 'autoregressive'
  | 'vae'
  | 'flow'
  | 'gan'
  | 'diffusion'
  | 'flow-matching'
  | 'score'
  | 'architecture';

export interface TimelineEntry {
  year: number;
  family: TimelineFamily;
  /** Short author list, e.g. "Ho, Jain, Abbeel" or "Goodfellow et al.". */
  authors: string;
  /** The paper's own title. */
  title: string;
  /** What the work introduced, one line per language. */
  note: { ko: string; en: string };
  arxiv?: string;
  /** A stable https link when the work has no arXiv id (DOI, proceedings page or the author's PDF). */
  url?: string;
}

export const FAMILY_LABELS: Record<TimelineFamily, { ko: string; en: string }> = {
  ebm: { ko: '에너지 기반', en: 'energy-based' },
  autoregressive: { ko: '자기회귀', en: 'autoregressive' },
  vae: { ko: 'VAE', en: 'VAE' },
  flow: { ko: '흐름', en: 'flow' },
  gan: { ko: 'GAN', en: 'GAN' },
  diffusion: { ko: '확산', en: 'diffusion' },
  'flow-matching': { ko: '흐름 매칭', en: 'flow matching' },
  score: { ko: '스코어 기반', en: 'score-based' },
  architecture: { ko: '구조', en: 'architecture' },
};

export const TIMELINE: readonly TimelineEntry[] = [
  { year: 1982, family: 'ebm', authors: 'Hopfield', title: 'Neural networks and physical systems with emergent collective computational abilities', note: { en: 'Hopfield network: memories as minima of an energy function', ko: '홉필드 네트워크: 에너지 함수의 극소점으로서의 기억' }, url: 'https://doi.org/10.1073/pnas.79.8.2554' },
  { year: 1985, family: 'ebm', authors: 'Ackley, Hinton, Sejnowski', title: 'A Learning Algorithm for Boltzmann Machines', note: { en: 'Boltzmann machine: a stochastic energy-based network that learns a distribution', ko: '볼츠만 머신: 분포를 학습하는 확률적 에너지 기반 신경망' }, url: 'https://doi.org/10.1207/s15516709cog0901_7' },
  { year: 1986, family: 'ebm', authors: 'Smolensky', title: 'Information Processing in Dynamical Systems: Foundations of Harmony Theory', note: { en: 'Harmonium, later called the restricted Boltzmann machine (RBM)', ko: '하모니움, 훗날 제한된 볼츠만 머신(RBM)이라 불린 모델' }, url: 'https://stanford.edu/~jlmcc/papers/PDP/Volume%201/Chap6_PDP86.pdf' },
  { year: 2002, family: 'ebm', authors: 'Hinton', title: 'Training Products of Experts by Minimizing Contrastive Divergence', note: { en: 'Contrastive divergence: short MCMC runs for the negative phase', ko: '대조 발산: 음의 단계를 짧은 MCMC로 추정' }, url: 'https://doi.org/10.1162/089976602760128018' },
  { year: 2005, family: 'score', authors: 'Hyvärinen', title: 'Estimation of Non-Normalized Statistical Models by Score Matching', note: { en: 'Score matching: fit an unnormalised model without its normaliser', ko: '스코어 매칭: 정규화 상수 없이 비정규화 모델을 학습' }, url: 'https://jmlr.org/papers/v6/hyvarinen05a.html' },
  { year: 2006, family: 'ebm', authors: 'Hinton, Osindero, Teh', title: 'A Fast Learning Algorithm for Deep Belief Nets', note: { en: 'Deep belief nets: stacked RBMs trained layer by layer', ko: '심층 신뢰망: 층마다 학습해 쌓은 RBM' }, url: 'https://doi.org/10.1162/neco.2006.18.7.1527' },
  { year: 2006, family: 'ebm', authors: 'LeCun, Chopra, Hadsell, Ranzato, Huang', title: 'A Tutorial on Energy-Based Learning', note: { en: 'A unified view of learning with energy functions', ko: '에너지 함수로 배우는 방법들을 하나로 정리한 튜토리얼' }, url: 'https://yann.lecun.com/exdb/publis/pdf/lecun-06.pdf' },
  { year: 2010, family: 'ebm', authors: 'Gutmann, Hyvärinen', title: 'Noise-Contrastive Estimation: A New Estimation Principle for Unnormalized Statistical Models', note: { en: 'Noise-contrastive estimation: learn by telling data from noise', ko: '노이즈 대조 추정: 데이터와 노이즈를 구별하며 학습' }, url: 'https://proceedings.mlr.press/v9/gutmann10a.html' },
  { year: 2011, family: 'score', authors: 'Vincent', title: 'A Connection Between Score Matching and Denoising Autoencoders', note: { en: 'Denoising score matching: denoising is score estimation', ko: '디노이징 스코어 매칭: 노이즈 제거가 곧 스코어 추정' }, url: 'https://doi.org/10.1162/NECO_a_00142' },
  { year: 2011, family: 'autoregressive', authors: 'Larochelle, Murray', title: 'The Neural Autoregressive Distribution Estimator', note: { en: 'NADE: a neural network for each conditional of the chain rule', ko: 'NADE: 연쇄 법칙의 조건부 분포를 신경망으로' }, url: 'https://proceedings.mlr.press/v15/larochelle11a.html' },
  { year: 2011, family: 'ebm', authors: 'Welling, Teh', title: 'Bayesian Learning via Stochastic Gradient Langevin Dynamics', note: { en: 'SGLD: Langevin dynamics with minibatch gradients', ko: 'SGLD: 미니배치 기울기로 돌리는 랑주뱅 동역학' }, url: 'https://icml.cc/2011/papers/398_icmlpaper.pdf' },
  { year: 2013, family: 'vae', authors: 'Kingma, Welling', title: 'Auto-Encoding Variational Bayes', note: { en: 'The variational autoencoder and the reparameterisation trick', ko: '변분 오토인코더와 재매개변수화 기법' }, arxiv: '1312.6114' },
  { year: 2014, family: 'vae', authors: 'Rezende, Mohamed, Wierstra', title: 'Stochastic Backpropagation and Approximate Inference in Deep Generative Models', note: { en: 'The same idea, found independently', ko: '같은 발상을 독립적으로 제안' }, arxiv: '1401.4082' },
  { year: 2014, family: 'gan', authors: 'Goodfellow et al.', title: 'Generative Adversarial Nets', note: { en: 'A generator and a discriminator trained against each other', ko: '서로 겨루며 학습하는 생성자와 판별자' }, arxiv: '1406.2661' },
  { year: 2014, family: 'flow', authors: 'Dinh, Krueger, Bengio', title: 'NICE: Non-linear Independent Components Estimation', note: { en: 'Coupling layers: invertible maps with a cheap Jacobian', ko: '결합 층: 야코비 행렬식이 싼 가역 사상' }, arxiv: '1410.8516' },
  { year: 2015, family: 'diffusion', authors: 'Sohl-Dickstein, Weiss, Maheswaranathan, Ganguli', title: 'Deep Unsupervised Learning using Nonequilibrium Thermodynamics', note: { en: 'Diffusion probabilistic models: learn to reverse a noising process', ko: '확산 확률 모델: 노이즈를 더하는 과정을 거꾸로 학습' }, arxiv: '1503.03585' },
  { year: 2015, family: 'autoregressive', authors: 'Germain, Gregor, Murray, Larochelle', title: 'MADE: Masked Autoencoder for Distribution Estimation', note: { en: 'Masks make one network compute every conditional at once', ko: '마스크로 신경망 하나가 모든 조건부 분포를 한 번에 계산' }, arxiv: '1502.03509' },
  { year: 2015, family: 'flow', authors: 'Rezende, Mohamed', title: 'Variational Inference with Normalizing Flows', note: { en: 'Normalizing flows as flexible approximate posteriors', ko: '유연한 근사 사후 분포로서의 정규화 흐름' }, arxiv: '1505.05770' },
  { year: 2015, family: 'gan', authors: 'Radford, Metz, Chintala', title: 'Unsupervised Representation Learning with Deep Convolutional Generative Adversarial Networks', note: { en: 'DCGAN: an all-convolutional GAN recipe that trains far more stably', ko: 'DCGAN: 훨씬 안정적으로 학습되는 합성곱 GAN 설계' }, arxiv: '1511.06434' },
  { year: 2016, family: 'autoregressive', authors: 'van den Oord, Kalchbrenner, Kavukcuoglu', title: 'Pixel Recurrent Neural Networks', note: { en: 'PixelRNN: images generated pixel by pixel', ko: 'PixelRNN: 픽셀 하나씩 생성하는 이미지' }, arxiv: '1601.06759' },
  { year: 2016, family: 'autoregressive', authors: 'van den Oord et al.', title: 'Conditional Image Generation with PixelCNN Decoders', note: { en: 'Gated PixelCNN: masked convolutions, conditional generation', ko: '게이트 PixelCNN: 마스크 합성곱과 조건부 생성' }, arxiv: '1606.05328' },
  { year: 2016, family: 'autoregressive', authors: 'van den Oord et al.', title: 'WaveNet: A Generative Model for Raw Audio', note: { en: 'WaveNet: raw audio, one sample at a time', ko: 'WaveNet: 오디오 파형을 샘플 하나씩' }, arxiv: '1609.03499' },
  { year: 2016, family: 'flow', authors: 'Dinh, Sohl-Dickstein, Bengio', title: 'Density Estimation Using Real NVP', note: { en: 'RealNVP: affine coupling layers for images', ko: 'RealNVP: 이미지를 위한 아핀 결합 층' }, arxiv: '1605.08803' },
  { year: 2016, family: 'flow', authors: 'Kingma et al.', title: 'Improved Variational Inference with Inverse Autoregressive Flow', note: { en: 'IAF: autoregressive flows for fast sampling', ko: 'IAF: 빠른 샘플링을 위한 자기회귀 흐름' }, arxiv: '1606.04934' },
  { year: 2017, family: 'gan', authors: 'Arjovsky, Chintala, Bottou', title: 'Wasserstein GAN', note: { en: 'WGAN: the Wasserstein distance as the critic’s target', ko: 'WGAN: 비평자가 겨냥하는 바서슈타인 거리' }, arxiv: '1701.07875' },
  { year: 2017, family: 'gan', authors: 'Gulrajani et al.', title: 'Improved Training of Wasserstein GANs', note: { en: 'WGAN-GP: a gradient penalty instead of weight clipping', ko: 'WGAN-GP: 가중치 자르기 대신 기울기 벌점' }, arxiv: '1704.00028' },
  { year: 2017, family: 'flow', authors: 'Papamakarios, Pavlakou, Murray', title: 'Masked Autoregressive Flow for Density Estimation', note: { en: 'MAF: stacked MADEs as a flow for fast density evaluation', ko: 'MAF: MADE를 쌓아 밀도 계산이 빠른 흐름' }, arxiv: '1705.07057' },
  { year: 2017, family: 'architecture', authors: 'Vaswani et al.', title: 'Attention Is All You Need', note: { en: 'The Transformer, later the backbone of autoregressive language models', ko: '트랜스포머: 훗날 자기회귀 언어 모델의 뼈대' }, arxiv: '1706.03762' },
  { year: 2017, family: 'vae', authors: 'van den Oord, Vinyals, Kavukcuoglu', title: 'Neural Discrete Representation Learning', note: { en: 'VQ-VAE: a discrete latent space', ko: 'VQ-VAE: 이산 잠재 공간' }, arxiv: '1711.00937' },
  { year: 2018, family: 'flow', authors: 'Kingma, Dhariwal', title: 'Glow: Generative Flow with Invertible 1x1 Convolutions', note: { en: 'Glow: invertible 1×1 convolutions, high-resolution faces', ko: 'Glow: 가역 1×1 합성곱, 고해상도 얼굴' }, arxiv: '1807.03039' },
  { year: 2018, family: 'flow', authors: 'Grathwohl et al.', title: 'FFJORD: Free-form Continuous Dynamics for Scalable Reversible Generative Models', note: { en: 'FFJORD: continuous-time flows defined by an ODE', ko: 'FFJORD: ODE로 정의한 연속 시간 흐름' }, arxiv: '1810.01367' },
  { year: 2018, family: 'gan', authors: 'Karras, Laine, Aila', title: 'A Style-Based Generator Architecture for Generative Adversarial Networks', note: { en: 'StyleGAN: style-modulated generator', ko: 'StyleGAN: 스타일로 조절하는 생성자' }, arxiv: '1812.04948' },
  { year: 2018, family: 'gan', authors: 'Brock, Donahue, Simonyan', title: 'Large Scale GAN Training for High Fidelity Natural Image Synthesis', note: { en: 'BigGAN: class-conditional GANs at scale', ko: 'BigGAN: 대규모 클래스 조건부 GAN' }, arxiv: '1809.11096' },
  { year: 2019, family: 'score', authors: 'Song, Ermon', title: 'Generative Modeling by Estimating Gradients of the Data Distribution', note: { en: 'NCSN: scores at many noise levels, sampled by annealed Langevin', ko: 'NCSN: 여러 노이즈 수준의 스코어와 담금질 랑주뱅 샘플링' }, arxiv: '1907.05600' },
  { year: 2019, family: 'ebm', authors: 'Du, Mordatch', title: 'Implicit Generation and Generalization in Energy-Based Models', note: { en: 'Neural-network energies sampled with Langevin dynamics', ko: '랑주뱅으로 샘플링하는 신경망 에너지' }, arxiv: '1903.08689' },
  { year: 2019, family: 'flow', authors: 'Durkan, Bekasov, Murray, Papamakarios', title: 'Neural Spline Flows', note: { en: 'Monotone rational-quadratic splines as coupling transforms', ko: '단조 유리 이차 스플라인을 결합 변환으로' }, arxiv: '1906.04032' },
  { year: 2020, family: 'diffusion', authors: 'Ho, Jain, Abbeel', title: 'Denoising Diffusion Probabilistic Models', note: { en: 'DDPM: diffusion trained by predicting the noise', ko: 'DDPM: 노이즈 예측으로 학습하는 확산 모델' }, arxiv: '2006.11239' },
  { year: 2020, family: 'diffusion', authors: 'Song, Meng, Ermon', title: 'Denoising Diffusion Implicit Models', note: { en: 'DDIM: deterministic sampling in far fewer steps', ko: 'DDIM: 훨씬 적은 스텝의 결정론적 샘플링' }, arxiv: '2010.02502' },
  { year: 2020, family: 'vae', authors: 'Vahdat, Kautz', title: 'NVAE: A Deep Hierarchical Variational Autoencoder', note: { en: 'NVAE: a deep hierarchical VAE with sharp images', ko: 'NVAE: 선명한 이미지를 내는 깊은 계층형 VAE' }, arxiv: '2007.03898' },
  { year: 2021, family: 'score', authors: 'Song et al.', title: 'Score-Based Generative Modeling through Stochastic Differential Equations', note: { en: 'Score SDEs: diffusion in continuous time; the probability-flow ODE, a flow with a computable likelihood', ko: '스코어 SDE: 연속 시간 확산, 가능도를 계산할 수 있는 흐름인 확률 흐름 ODE' }, arxiv: '2011.13456' },
  { year: 2021, family: 'diffusion', authors: 'Nichol, Dhariwal', title: 'Improved Denoising Diffusion Probabilistic Models', note: { en: 'Cosine noise schedule and learned variances', ko: '코사인 노이즈 스케줄과 학습된 분산' }, arxiv: '2102.09672' },
  { year: 2021, family: 'diffusion', authors: 'Dhariwal, Nichol', title: 'Diffusion Models Beat GANs on Image Synthesis', note: { en: 'Classifier guidance; diffusion overtakes GANs on ImageNet', ko: '분류기 안내, ImageNet에서 GAN을 앞지른 확산' }, arxiv: '2105.05233' },
  { year: 2021, family: 'diffusion', authors: 'Nachmani, San Roman, Wolf', title: 'Non Gaussian Denoising Diffusion Models', note: { en: 'Gamma and mixture-of-Gaussians noise', ko: '감마 노이즈와 가우시안 혼합 노이즈' }, arxiv: '2106.07582' },
  { year: 2021, family: 'diffusion', authors: 'Rombach et al.', title: 'High-Resolution Image Synthesis with Latent Diffusion Models', note: { en: 'Latent diffusion: diffuse in an autoencoder’s latent space', ko: '잠재 확산: 오토인코더의 잠재 공간에서 확산' }, arxiv: '2112.10752' },
  { year: 2022, family: 'diffusion', authors: 'Karras, Aittala, Aila, Laine', title: 'Elucidating the Design Space of Diffusion-Based Generative Models', note: { en: 'EDM: a clean design space for noise, sampling and training', ko: 'EDM: 노이즈·샘플링·학습 설계를 깔끔하게 정리' }, arxiv: '2206.00364' },
  { year: 2022, family: 'diffusion', authors: 'Ho, Salimans', title: 'Classifier-Free Diffusion Guidance', note: { en: 'Guidance without a separate classifier', ko: '별도 분류기 없는 안내' }, arxiv: '2207.12598' },
  { year: 2022, family: 'flow-matching', authors: 'Lipman et al.', title: 'Flow Matching for Generative Modeling', note: { en: 'Flow matching: train a continuous flow by regressing a velocity field', ko: '흐름 매칭: 속도장을 회귀해 연속 흐름을 학습' }, arxiv: '2210.02747' },
  { year: 2022, family: 'flow-matching', authors: 'Liu, Gong, Liu', title: 'Flow Straight and Fast: Learning to Generate and Transfer Data with Rectified Flow', note: { en: 'Rectified flow: straight paths between noise and data', ko: '정류 흐름: 노이즈와 데이터를 잇는 곧은 경로' }, arxiv: '2209.03003' },
  { year: 2022, family: 'flow-matching', authors: 'Albergo, Vanden-Eijnden', title: 'Building Normalizing Flows with Stochastic Interpolants', note: { en: 'Stochastic interpolants: a velocity field learned by regression along any path between two densities', ko: '확률적 보간: 두 밀도를 잇는 어떤 경로에서든 회귀로 속도장을 학습' }, arxiv: '2209.15571' },
  { year: 2022, family: 'diffusion', authors: 'Peebles, Xie', title: 'Scalable Diffusion Models with Transformers', note: { en: 'DiT: a Transformer as the denoiser', ko: 'DiT: 트랜스포머를 디노이저로' }, arxiv: '2212.09748' },
  { year: 2023, family: 'diffusion', authors: 'Song, Dhariwal, Chen, Sutskever', title: 'Consistency Models', note: { en: 'One-step generation distilled from (or trained like) diffusion', ko: '확산에서 증류하거나 확산처럼 학습한 한 스텝 생성' }, arxiv: '2303.01469' },
  { year: 2024, family: 'flow-matching', authors: 'Esser et al.', title: 'Scaling Rectified Flow Transformers for High-Resolution Image Synthesis', note: { en: 'Rectified-flow Transformers at scale (Stable Diffusion 3)', ko: '대규모 정류 흐름 트랜스포머(Stable Diffusion 3)' }, arxiv: '2403.03206' },
];

/** The link for an entry: its arXiv abstract page when it has one, else its DOI or proceedings page. */
export function entryUrl(e: TimelineEntry): string | undefined {
  return e.arxiv ? `https://arxiv.org/abs/${e.arxiv}` : e.url;
}

/** Entries grouped by year, in chronological order (stable within a year). */
export function groupByYear(entries: readonly TimelineEntry[]): { year: number; entries: TimelineEntry[] }[] {
  const byYear = new Map<number, TimelineEntry[]>();
  for (const e of [...entries].sort((a, b) => a.year - b.year)) {
    const list = byYear.get(e.year) ?? [];
    list.push(e);
    byYear.set(e.year, list);
  }
  return [...byYear].map(([year, list]) => ({ year, entries: list }));
}
