/**
 * Every sentence the lab widgets show, in Korean and English (the Labels of src/lib/i18n.ts, the
 * site's one translation system). Used at build time by Lab.astro
 * (labels, captions, the no-JavaScript sentence) and on the page by the controller (status,
 * notices, divergence explanations). No DOM, no tfjs.
 */
import type { Family } from '../../models/types';
import { L, translator, type Label } from '../../lib/i18n';
import { termLabel } from '../../lib/glossary.mjs';

export const labText = {
  train: L('학습', 'Train'),
  pause: L('일시 정지', 'Pause'),
  step: L('한 스텝', 'Step'),
  reset: L('처음부터', 'Reset'),
  sample: L('샘플 뽑기', 'Sample'),
  clear: L('점 지우기', 'Clear points'),
  groupData: L('데이터', 'Data'),
  groupTraining: L('학습', 'Training'),
  groupModel: L('모델', 'Model'),
  groupView: L('보기', 'View'),
  statStep: L('스텝', 'Step'),
  statRate: L('초당 스텝', 'Steps/s'),
  statEnergy: termLabel('energy-distance', { sentence: true }),
  statFloor: termLabel('noise-floor', { sentence: true }),
  statStart: L('0스텝 때', 'At step 0'),
  statBackend: L('백엔드', 'Backend'),
  lossChart: L('손실 곡선', 'Loss curve'),
  lossChartEmpty: L('학습을 시작하면 손실이 여기에 그려집니다.', 'The losses are plotted here once training starts.'),
  statusIdle: L('준비됨: 학습 버튼을 누르면 TensorFlow.js를 내려받아 학습을 시작합니다.', 'Ready: press Train to download TensorFlow.js and start training.'),
  statusLoading: L('TensorFlow.js를 불러오는 중…', 'Loading TensorFlow.js…'),
  statusTraining: L('학습 중', 'Training'),
  statusPaused: L('{step}스텝에서 일시 정지', 'Paused at step {step}'),
  statusAutoPaused: L('위젯이 화면 밖에 있어 학습을 잠시 멈췄습니다.', 'Training paused while the widget is off screen.'),
  statusReset: L('모델을 새로 만들었습니다 (0스텝).', 'New model built (step 0).'),
  statusSampled: L('새 샘플을 뽑았습니다.', 'Drew fresh samples.'),
  noticeTitle: L('링크의 설정 중 일부는 주어진 그대로 쓰지 않았습니다:', 'Some settings in the link were not used as given:'),
  dismiss: L('닫기', 'Dismiss'),
  invalidValue: L('{min}부터 {max}까지의 수를 넣어 주세요. 이전 값을 유지합니다.', 'Enter a number from {min} to {max}; the previous value is kept.'),
  ebmNotMixing: L('사슬이 섞이지 않음: 사슬이 있는 곳과 밀도가 어긋남', 'Chains not mixing: where the chains are and the density disagree'),
  fusedKernels: L('융합 커널', 'fused kernels'),
  fusedKernelsThreads: L('융합 커널, 스레드 {threads}개', 'fused kernels, {threads} threads'),
  fusedUnavailable: L('융합 커널을 쓸 수 없어 TensorFlow.js로 학습합니다: {reason}', 'Training with TensorFlow.js, since the fused kernels cannot be used: {reason}'),
  backendFallback: L('{requested} 백엔드를 쓸 수 없어 {backend}로 학습합니다: {reason}', 'Using {backend} because {requested} failed: {reason}'),
  crashed: L('학습 워커가 멈췄습니다: {message}. 처음부터 버튼을 누르면 다시 시작합니다.', 'The training worker crashed: {message}. Press Reset to start it again.'),
  error: L('학습 중 오류가 났습니다: {message}. 처음부터 버튼을 누르면 다시 시작합니다.', 'Training stopped with an error: {message}. Press Reset to start again.'),
  loadTimeout: L(
    '학습 워커가 {seconds}초 안에 준비되지 않았습니다. 네트워크가 느리거나 파일 하나가 오지 않은 것 같습니다. 처음부터 버튼을 누르면 새 워커로 다시 시도합니다(설정과 데이터는 그대로입니다).',
    'The training worker was not ready within {seconds} s: the network may be slow, or a file did not arrive. Press Reset to try again with a new worker (your settings and data are kept).',
  ),
  stalled: L(
    '학습 워커가 {seconds}초 동안 응답하지 않아 멈춘 것으로 보입니다. 처음부터 버튼을 누르면 새 워커로 다시 시작합니다(설정과 데이터는 그대로입니다).',
    'The training worker has not answered for {seconds} s and seems to have stopped. Press Reset to start a new worker (your settings and data are kept).',
  ),
  diverged: L(
    '{step}스텝에서 학습을 멈췄습니다: 손실이 무한대나 NaN이 되었습니다. 학습률({lr})이 너무 커서 한 스텝마다 최적점을 지나쳐 가중치가 발산한 것으로 보입니다. 학습률을 낮추고 처음부터 버튼을 누르세요.',
    'Training stopped at step {step}: the loss became infinite or NaN. The learning rate ({lr}) is probably too high, so each step overshoots and the weights blow up. Lower the learning rate and press Reset.',
  ),
  runaway: L(
    '{step}스텝에서 학습을 멈췄습니다: 손실은 유한하지만 샘플이 데이터에서 멀리 날아가 버렸습니다(에너지 거리가 0스텝 때의 열 배를 넘음). 학습률({lr})이 너무 커서 한 스텝마다 가중치가 크게 튀는 것으로 보입니다. 학습률을 낮추고 처음부터 버튼을 누르세요.',
    'Training stopped at step {step}: the loss stayed finite, but the samples flew far away from the data (the energy distance passed ten times its value at step 0). The learning rate ({lr}) is probably too high, so every step throws the weights far off. Lower the learning rate and press Reset.',
  ),
  divergedGan: L(
    '{step}스텝에서 학습을 멈췄습니다: GAN이 발산했습니다(손실이 무한대나 NaN). 판별자와 생성자가 서로를 너무 세게 밀어붙였다는 뜻이고, 대개 학습률({lr})이 너무 큰 탓입니다. 학습률을 낮추고 처음부터 버튼을 누르세요.',
    'Training stopped at step {step}: the GAN diverged (its losses became infinite or NaN). The discriminator and the generator pushed each other too hard, usually because the learning rate ({lr}) is too high. Lower it and press Reset.',
  ),
  modeCollapse: L(
    '{step}스텝에서 학습을 멈췄습니다: 생성자의 샘플이 평면의 좁은 곳으로 몰렸습니다(모드 붕괴). 판별자가 받아 주는 몇 점을 찾아내고는 데이터 전체를 덮으려 하지 않는 상태입니다. 처음부터 버튼으로 다시 시작하거나(다른 시드, 손실 함수, 더 작은 학습률이 도움이 됩니다) 학습 버튼으로 계속할 수 있습니다.',
    'Training paused at step {step}: the generator’s samples have collapsed onto a small region of the plane (mode collapse). It found a few points the discriminator accepts and stopped covering the data. Press Reset to start again (another seed, loss or a smaller learning rate helps), or Train to carry on anyway.',
  ),
  widgetFailed: L(
    '이 위젯의 스크립트를 불러오지 못해 학습 버튼을 보여 드릴 수 없습니다. 페이지를 새로 고쳐 보세요(파일로 연 페이지라면 웹 서버로 여세요).',
    'The script of this widget did not load, so its controls cannot work. Try reloading the page (a page opened as a file needs a web server).',
  ),
  details: L('세부 사항', 'Details'),
  drawHint: L(
    '데이터 공간 그림(첫 번째 그림)을 클릭하거나 끌어서 점을 찍으세요. 키보드로는 그림에 초점을 두고 화살표로 십자선을 옮긴 뒤 스페이스나 엔터로 점을 찍습니다.',
    'Click or drag on the data-space picture (the first one) to place points. With the keyboard, focus the picture, move the cross-hair with the arrow keys and press Space or Enter to place a point.',
  ),
  drawHintCompare: L(
    '세 그림 중 아무 데나 클릭하거나 끌어서 점을 찍으세요. 세 모델이 같은 점으로 학습합니다. 키보드로는 그림에 초점을 두고 화살표로 십자선을 옮긴 뒤 스페이스나 엔터로 점을 찍습니다.',
    'Click or drag on any of the three pictures to place points; the three models train on the same points. With the keyboard, focus a picture, move the cross-hair with the arrow keys and press Space or Enter to place a point.',
  ),
  drawEmpty: L('먼저 점을 몇 개 그려 주세요.', 'Draw some points first.'),
  compareCaption: L('{noise} 노이즈', '{noise} noise'),
  dataLegend: L('회색 점: 데이터, 주황색 점: 모델의 샘플', 'Grey dots: the data; orange dots: the model’s samples'),
} satisfies Record<string, Label>;

export type LabTextKey = keyof typeof labText;

/** A UI string with {placeholders} filled in. */
export const t = translator(labText);

/** The widget's title line. */
export const titles: Record<Family | 'compare', Label> = {
  autoregressive: L('직접 해 보기: 브라우저에서 학습하는 자기회귀 모델', 'Try it: an autoregressive model training in your browser'),
  vae: L('직접 해 보기: 브라우저에서 학습하는 변분 오토인코더', 'Try it: a variational autoencoder training in your browser'),
  flow: L('직접 해 보기: 브라우저에서 학습하는 정규화 흐름', 'Try it: a normalizing flow training in your browser'),
  ebm: L('직접 해 보기: 브라우저에서 학습하는 에너지 기반 모델', 'Try it: an energy-based model training in your browser'),
  gan: L('직접 해 보기: 브라우저에서 학습하는 GAN', 'Try it: a GAN training in your browser'),
  diffusion: L('직접 해 보기: 브라우저에서 학습하는 확산 모델', 'Try it: a diffusion model training in your browser'),
  'flow-matching': L('직접 해 보기: 브라우저에서 학습하는 흐름 매칭', 'Try it: flow matching training in your browser'),
  compare: L('직접 해 보기: 세 가지 노이즈의 확산 모델', 'Try it: diffusion with three kinds of noise'),
};

/** The sentence shown without JavaScript: what the widget would do. */
export const noScript: Record<Family | 'compare', Label> = {
  autoregressive: L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 작은 자기회귀 모델을 브라우저에서 바로 학습합니다. p(x₁)과 p(x₂ | x₁)을 배워 정확한 밀도를 그리고, 끌 수 있는 단면으로 조건부 분포를 보여 주며, 좌표를 하나씩 차례로 뽑아 샘플을 만듭니다.',
    'With JavaScript on, this widget trains a small autoregressive model on the points above, right in your browser. It learns p(x₁) and p(x₂ | x₁), draws the exact density, shows a conditional along a slice you can drag, and samples one coordinate at a time.',
  ),
  vae: L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 작은 변분 오토인코더를 브라우저에서 바로 학습합니다. 재구성 항과 KL 항을 따로 그리고, 데이터가 잠재 공간의 어디로 가는지 보여 주며, 잠재 공간의 점을 옮기면 디코더가 그 점을 데이터 공간으로 되돌립니다.',
    'With JavaScript on, this widget trains a small variational autoencoder on the points above, right in your browser. It plots the reconstruction and KL terms, shows where the data lands in latent space, and decodes any latent point you move back into data space.',
  ),
  flow: L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 작은 정규화 흐름을 브라우저에서 바로 학습합니다. 가우시안 공간의 격자가 층을 하나씩 지나며 데이터 공간으로 휘어 가는 모습과, 변수 변환 공식으로 얻은 정확한 밀도를 보여 줍니다.',
    'With JavaScript on, this widget trains a small normalizing flow on the points above, right in your browser. It shows a grid from the Gaussian base space bending into data space one layer at a time, and the exact density from the change-of-variables formula.',
  ),
  ebm: L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 작은 에너지 기반 모델을 브라우저에서 바로 학습합니다. 배운 에너지 지형을 그리고, 랑주뱅 동역학의 사슬이 그 지형을 따라 데이터 쪽으로 내려가는 모습을 보여 줍니다.',
    'With JavaScript on, this widget trains a small energy-based model on the points above, right in your browser. It draws the learned energy landscape and Langevin chains running downhill on it towards the data.',
  ),
  gan: L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 작은 GAN을 브라우저에서 바로 학습합니다. 평면 위 판별자의 판정, 생성자가 노이즈 공간의 격자를 데이터 공간으로 옮기는 모습, 각 샘플을 미는 그래디언트 화살표를 보여 주고, 모드 붕괴가 일어나면 그것도 보입니다.',
    'With JavaScript on, this widget trains a small GAN on the points above, right in your browser. It shows the discriminator’s verdict over the plane, how the generator maps a grid from noise space into data space, and the gradient arrows pushing each sample; mode collapse shows when it happens.',
  ),
  diffusion: L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 작은 확산 모델을 브라우저에서 바로 학습합니다. 시점 t를 옮기며 데이터에 노이즈가 쌓이는 정방향 과정을 보여 주고, 노이즈에서 데이터로 돌아오는 역방향 궤적과 학습한 스코어를 화살표로 그립니다.',
    'With JavaScript on, this widget trains a small diffusion model on the points above, right in your browser. A slider over t shows the data being noised step by step; reverse trajectories carry noise back to data, and arrows show the learned score.',
  ),
  'flow-matching': L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 작은 흐름 매칭 모델을 브라우저에서 바로 학습합니다. 시점 t의 속도장을 화살표로, 노이즈에서 데이터로 가는 ODE 경로를 선으로 그리고, ODE 스텝 수에 따라 샘플이 어떻게 달라지는지 보여 줍니다. 리플로 버튼은 경로를 곧게 폅니다.',
    'With JavaScript on, this widget trains a small flow-matching model on the points above, right in your browser. It draws the velocity field at time t as arrows and the ODE’s paths from noise to data as lines, and shows how the samples change with the number of ODE steps. The Reflow button straightens the paths.',
  ),
  compare: L(
    '자바스크립트를 켜면 이 위젯이 위의 점들로 가우시안, 감마, 가우시안 혼합 노이즈를 쓰는 세 확산 모델을 나란히 학습하고, 각각의 샘플과 데이터 사이의 에너지 거리를 비교합니다.',
    'With JavaScript on, this widget trains three diffusion models side by side on the points above, with Gaussian, Gamma and mixture-of-Gaussians noise, and compares the energy distance of each one’s samples to the data.',
  ),
};

/** Captions (and accessible names) of the two canvases. */
export const captions: Record<Family, { main: Label; aux: Label }> = {
  autoregressive: {
    main: L('데이터 공간: 정확한 밀도 p(x)(음영), 데이터(회색), 샘플(주황). 점선이 단면 위치 x₁입니다.', 'Data space: the exact density p(x) (shading), data (grey), samples (orange). The dashed line is the slice at x₁.'),
    aux: L('위: 주변 분포 p(x₁). 아래: 단면의 조건부 분포 p(x₂ | x₁).', 'Top: the marginal p(x₁). Bottom: the conditional p(x₂ | x₁) along the slice.'),
  },
  vae: {
    main: L('데이터 공간: ELBO로 어림한 밀도(음영), 데이터(회색), 샘플(주황), 디코더가 잠재 격자를 옮긴 모습(선), 고른 잠재 점의 디코딩(◆).', 'Data space: the ELBO-based density (shading), data (grey), samples (orange), the decoder’s image of a latent grid (lines), and your latent point decoded (◆).'),
    aux: L('잠재 공간: 인코딩한 데이터(원래 위치에 따라 색칠), 표준 정규분포의 등고선, 끌 수 있는 잠재 점(◆).', 'Latent space: the encoded data (coloured by where each point sits in data space), contours of the standard normal, and a latent point you can drag (◆).'),
  },
  flow: {
    main: L('데이터 공간: 정확한 밀도(음영), 데이터(회색), 가우시안 격자와 샘플이 고른 층까지 지나온 모습.', 'Data space: the exact density (shading), data (grey), and the Gaussian grid and samples after the chosen number of layers.'),
    aux: L('기저 공간: 흐름으로 옮긴 데이터 z = f(x)와 표준 정규분포의 등고선.', 'Base space: the data pushed through the flow, z = f(x), against contours of the standard normal.'),
  },
  ebm: {
    main: L('데이터 공간: 격자에서 정규화한 밀도 exp(−E)/Z(음영), 데이터(회색), 샘플(주황).', 'Data space: the grid-normalised density exp(−E)/Z (shading), data (grey), samples (orange).'),
    aux: L(
      '에너지 지형 E(x)와 그 위를 움직이는 랑주뱅 사슬. 밀도 지도와 같은 색을 써서, 에너지가 낮은 곳일수록 밀도가 높은 곳의 색입니다.',
      'The energy landscape E(x) and Langevin chains moving on it, in the density map’s colours: the lower the energy, the more it looks like high density.',
    ),
  },
  gan: {
    main: L('판별자의 판정 D(x)(초록: 진짜 같음, 보라: 가짜 같음), 데이터(회색), 샘플(주황)과 생성자 손실의 그래디언트 화살표.', 'The discriminator’s verdict D(x) (green: looks real, purple: looks fake), data (grey), samples (orange) with the generator loss’s gradient arrows.'),
    aux: L('생성자의 사상: 노이즈 공간의 격자가 데이터 공간으로 옮겨진 모습, 데이터(회색), 샘플(주황).', 'The generator’s map: a grid from noise space carried into data space, data (grey), samples (orange).'),
  },
  diffusion: {
    main: L('정방향 과정: 시점 t까지 노이즈를 더한 데이터와, 그 시점에서 학습한 스코어(화살표).', 'The forward process: the data noised up to time t, and the learned score at that time (arrows).'),
    aux: L('역방향 과정: 노이즈에서 출발해 데이터로 돌아오는 샘플의 궤적, 데이터(회색), 샘플(주황).', 'The reverse process: trajectories of samples from noise back to data, data (grey), samples (orange).'),
  },
  'flow-matching': {
    main: L(
      '시점 t의 속도장 v_θ(x, t)(화살표)와, ODE가 시점 t까지 옮겨 놓은 노이즈(주황), 데이터(회색). t = 0은 노이즈, t = 1은 데이터입니다.',
      'The velocity field v_θ(x, t) at time t (arrows), the noise carried by the ODE up to time t (orange), and the data (grey). t = 0 is noise, t = 1 is data.',
    ),
    aux: L(
      '노이즈(t = 0)에서 샘플(t = 1)까지 40개 점의 ODE 경로와 시점 t의 위치(점). 곧은 정도 S가 0이면 경로가 직선입니다.',
      'The ODE’s paths of 40 points from noise (t = 0) to samples (t = 1), with a dot at time t. Straightness S is 0 when the paths are straight lines.',
    ),
  },
};

/** Which loss terms each family's chart shows (a GAN's summed "loss" means nothing on its own). */
export const chartTerms: Record<Family, string[] | null> = {
  autoregressive: null,
  vae: null,
  flow: ['loss'],
  ebm: null,
  gan: ['dLoss', 'gLoss'],
  diffusion: null,
  'flow-matching': null,
};
