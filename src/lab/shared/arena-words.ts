/**
 * The arena's words (issue 16), in Korean and English, as the lab's other words are (Labels of
 * src/lib/i18n.ts). Used at build time by src/widgets/Arena.astro and on the page by the arena's
 * controller. No DOM, no tfjs.
 */
import type { Family, Likelihood } from '../../models/types';
import { L, translator, type Label } from '../../lib/i18n';

export const arenaWords = {
  title: L('아레나: 일곱 가족을 같은 데이터, 같은 시간으로', 'The arena: seven families, one dataset, one time budget'),
  lead: L(
    '데이터와 시간 예산을 고르고 시작을 누르세요. 일곱 가족이 이 브라우저에서 차례로, 각자 같은 학습 시간 동안 학습합니다. 표의 숫자는 모두 지금 이 실행에서, 학습에 쓰지 않은 점으로 잰 값입니다.',
    'Pick a dataset and a time budget, then press Start. The seven families train in this browser one after another, each for the same training time. Every number in the table comes from this run, measured on points the models never trained on.',
  ),
  fairness: L(
    '가족들은 한 워커에서 하나씩 차례로 학습합니다. 각 가족이 제 차례 동안 기계 전체를 쓰므로, 코어가 둘인 기계에서도 몫이 같습니다. 평가(샘플링, 에너지 거리, NLL)에 든 시간은 예산에 넣지 않습니다.',
    'The families train one at a time in one worker: each has the whole machine for its turn, which gives equal shares even on a two-core machine. Time spent evaluating (sampling, energy distance, NLL) is not counted against the budget.',
  ),
  dataset: L('데이터', 'Dataset'),
  budget: L('학습 시간 (초, 5–120)', 'Training time (seconds, 5–120)'),
  seed: L('시드', 'Seed'),
  start: L('시작', 'Start'),
  stop: L('멈춤', 'Stop'),
  csvFile: L('CSV 파일 불러오기', 'Load a CSV file'),
  drawHint: L('그리기를 고르면 아래 캔버스를 눌러 점을 찍습니다 (20개 이상).', 'With “Draw your own”, click the canvas below to place points (at least 20).'),
  clearPoints: L('점 지우기', 'Clear points'),
  pointsCount: L('점 {n}개', '{n} points'),
  machine: L('이 기계: 스레드 {threads}개, 교차 출처 격리 {isolated}.', 'This machine: {threads} threads; cross-origin isolated: {isolated}.'),
  yes: L('예', 'yes'),
  no: L('아니요', 'no'),
  tooFewPoints: L('점이 {n}개뿐입니다. 적어도 {min}개를 그리거나 불러오세요. 실행하지 않았습니다.', 'Only {n} points: draw or load at least {min}. Nothing was run.'),
  badBudget: L('학습 시간은 {min}초에서 {max}초 사이여야 합니다. 실행하지 않았습니다.', 'The training time must be between {min} and {max} seconds. Nothing was run.'),
  badSeed: L('시드는 0 이상의 정수여야 합니다. 실행하지 않았습니다.', 'The seed must be a whole number ≥ 0. Nothing was run.'),
  loading: L('TensorFlow.js와 커널을 불러오는 중…', 'Loading TensorFlow.js and the kernels…'),
  running: L('{family} 학습 중 ({done}/{total})', 'Training {family} ({done} of {total})'),
  finished: L('끝났습니다. 학습 시간의 몫: 가장 짧은 것과 가장 긴 것의 차이 {spread}% ({verdict}).', 'Done. Shares of training time: the longest is {spread}% above the shortest ({verdict}).'),
  sharesEqual: L('10% 안: 같은 몫', 'within 10%: equal shares'),
  sharesUnequal: L('10% 넘음: 몫이 같지 않음', 'more than 10%: unequal shares'),
  stopped: L('멈췄습니다. 워커를 끝냈습니다.', 'Stopped; the worker was ended.'),
  failed: L('워커가 실패했습니다: {message}', 'The worker failed: {message}'),
  loadTimeout: L(
    '워커가 {seconds}초 안에 준비되지 않았습니다. 네트워크가 느리거나 파일 하나가 오지 않은 것 같습니다. 시작을 누르면 새 워커로 다시 시도합니다.',
    'The worker was not ready within {seconds} s: the network may be slow, or a file did not arrive. Press Start to try again with a new worker.',
  ),
  stalled: L(
    '워커가 {seconds}초 동안 응답하지 않아 멈춘 것으로 보고 끝냈습니다. 지금까지의 표는 남겨 두었습니다. 시작을 누르면 새 워커로 다시 시작합니다.',
    'The worker has not answered for {seconds} s and seems to have stopped, so it was ended; the table so far is kept. Press Start to run again with a new worker.',
  ),
  backend: L('백엔드 {backend}, 학습 경로 {path}, 스레드 {threads}.', 'Backend {backend}; training path {path}; {threads} thread(s).'),
  tableCaption: L('측정값 (이 실행)과 원문 표의 말', 'Measured (this run) beside the source table’s words'),
  family: L('가족', 'Family'),
  steps: L('학습 스텝', 'Steps'),
  msPerStep: L('스텝당 ms', 'ms / step'),
  msPerSamples: L('샘플 1,000개 ms', 'ms / 1,000 samples'),
  nll: L('보류 데이터 NLL (nats)', 'Held-out NLL (nats)'),
  entropy: L('엔트로피 바닥', 'Entropy floor'),
  energyRatio: L('에너지 거리 ÷ 노이즈 바닥', 'Energy distance ÷ noise floor'),
  trainingSeconds: L('학습 초', 'Training s'),
  claimLikelihood: L('다루기 쉬운 우도', 'Tractable likelihood'),
  claimFlexible: L('유연한 구조', 'Flexible architecture'),
  claimFast: L('빠른 샘플링', 'Fast sampling'),
  agrees: L('이 실행과 맞음', 'agrees with this run'),
  disagrees: L('이 실행과 어긋남', 'disagrees with this run'),
  marksHelp: L(
    '✓: 이 데이터에서 측정이 원문의 말과 맞음, ✗: 어긋남. ELBO 상한: 하한(ELBO)으로 잰 NLL이므로 참 NLL보다 큽니다. 우도: 유한한 검증 NLL이 나오는가. 유연성: 에너지 거리가 노이즈 바닥의 3배 안인가. 빠른 샘플링: 샘플 1,000개가 가장 빠른 가족의 5배 시간 안인가.',
    '✓: on this dataset the measurement agrees with the source’s words; ✗: it disagrees. ELBO upper bound: the NLL from a lower bound on the likelihood, so above the true NLL. Likelihood: is there a finite held-out NLL. Flexible: is the energy distance within 3× its noise floor. Fast sampling: do 1,000 samples take at most 5× the fastest family’s time.',
  ),
  ganNoNll: L(
    'GAN에는 우도가 없습니다. 생성자는 노이즈를 점으로 보내는 함수일 뿐 밀도를 정의하지 않으므로, 검증 점의 확률을 물을 수 없습니다.',
    'A GAN has no likelihood: its generator is a map from noise to points that defines no density, so there is no probability of a held-out point to ask for.',
  ),
  outsideSupport: L('∞ (검증 점이 모델의 영역 밖)', '∞ (held-out points outside the model’s box)'),
  waiting: L('대기', 'waiting'),
  trainingNow: L('학습 중', 'training'),
  unknownEntropy: L('모름', 'unknown'),
  chartTitle: L('학습 시간에 따른 에너지 거리 (로그 눈금)', 'Energy distance against training time (log scale)'),
  chartX: L('학습 초', 'training seconds'),
  chartY: L('에너지 거리', 'energy distance'),
  noiseFloor: L('노이즈 바닥', 'noise floor'),
  exportCsv: L('표 CSV', 'Table as CSV'),
  exportJson: L('표 JSON', 'Table as JSON'),
  exportPng: L('차트 PNG', 'Chart as PNG'),
  shareLink: L('공유 링크', 'Share link'),
  shareHint: L(
    '이 링크는 데이터(그리거나 불러온 점 포함), 예산, 시드를 담습니다. 그리거나 불러온 점은 {max}개까지만 받으므로 링크에 모든 점이 들어갑니다.',
    'This link holds the dataset (drawn or loaded points included), the budget and the seed. Drawn or loaded data is limited to {max} points, so the link carries every one.',
  ),
  panelsLabel: L('가족별 샘플 (주황) 과 데이터 (회색)', 'Each family’s samples (orange) over the data (grey)'),
  diverged: L('중단: {message}', 'Stopped: {message}'),
  notInSource: L('원문 표에 없음', 'not in the source’s table'),
  arenaLink: L('아레나: 일곱 가족을 같은 데이터, 같은 시간으로 학습해 재 보기 →', 'The arena: train all seven families on one dataset under one time budget, and measure them →'),
  ignoredKeys: L('링크의 값 중 쓰지 않은 것: {keys} (기본값을 씁니다).', 'Values in the link that were not used: {keys} (the defaults are used instead).'),
} satisfies Record<string, Label>;

export type ArenaWordKey = keyof typeof arenaWords;

export const aw = translator(arenaWords);

export const familyNames: Record<Family, Label> = {
  autoregressive: L('자기회귀', 'Autoregressive'),
  vae: L('VAE', 'VAE'),
  flow: L('정규화 흐름', 'Normalizing flow'),
  ebm: L('에너지 기반', 'Energy-based'),
  gan: L('GAN', 'GAN'),
  diffusion: L('확산', 'Diffusion'),
  'flow-matching': L('흐름 매칭', 'Flow matching'),
};

export const likelihoodKinds: Record<Likelihood, Label> = {
  exact: L('정확', 'exact'),
  'lower-bound': L('ELBO 상한', 'ELBO upper bound'),
  unnormalised: L('격자로 정규화', 'grid-normalised'),
  none: L('없음', 'none'),
};
