/**
 * The lab's words for a newcomer (issue 14), in Korean and English: the one line under each lab
 * saying what the reader looks at and what to watch, what each number of the stats row means, the
 * charts' titles, and the share-and-save controls. Used at build time by Lab.astro and on the page
 * by the controller. No DOM, no tfjs.
 */
import type { Family } from '../../models/types';
import { L, translator, type Label } from '../../lib/i18n';

/** One line under each lab: what the reader is looking at, and what to watch. */
export const leads: Record<Family | 'compare', Label> = {
  autoregressive: L(
    '첫 그림은 모델이 배운 밀도, 둘째 그림은 그 밀도를 한 좌표씩 나눈 것입니다. 학습을 누르고 음영이 회색 점 무리를 덮어 가는지, 아래 에너지 거리 선이 노이즈 바닥 쪽으로 내려가는지 보세요.',
    'First picture: the density the model learns; second: the same density split one coordinate at a time. Press Train and watch the shading settle on the grey clusters and the energy-distance line fall towards the noise floor.',
  ),
  vae: L(
    '첫 그림은 데이터 공간, 둘째 그림은 잠재 공간입니다. 학습하면서 주황색 샘플이 회색 데이터를 덮는지, 잠재 공간의 점들이 원 안으로 모이는지(KL 항) 보세요.',
    'First picture: data space; second: the latent space. As it trains, watch the orange samples cover the grey data and the encoded points gather inside the circle (that is the KL term at work).',
  ),
  flow: L(
    '첫 그림은 가우시안 격자가 층을 지나며 데이터 모양으로 휘는 모습, 둘째 그림은 데이터를 거꾸로 가우시안 공간으로 보낸 모습입니다. 층 슬라이더를 끌어 변환을 한 층씩 보세요.',
    'First picture: a Gaussian grid bending into the data’s shape, layer by layer; second: the data sent back to the Gaussian space. Drag the layer slider to watch the map one layer at a time.',
  ),
  ebm: L(
    '첫 그림은 에너지로 정한 밀도, 둘째 그림은 에너지 지형과 그 위를 내려가는 랑주뱅 사슬입니다. 샘플 뽑기를 누른 뒤 사슬 슬라이더를 끌어 보세요.',
    'First picture: the density the energy defines; second: the energy landscape with Langevin chains running downhill on it. Press Sample, then drag the chain slider.',
  ),
  gan: L(
    'GAN의 손실은 줄어들지 않는 것이 정상입니다. 두 네트워크가 서로 겨루기 때문입니다. 대신 주황색 점 구름이 회색 데이터를 덮는지와 에너지 거리 선을 보세요.',
    'GAN losses don’t fall, and that is normal: the two networks play against each other. Watch the orange cloud spread over the grey data and the energy-distance line instead.',
  ),
  diffusion: L(
    '첫 그림은 데이터에 노이즈를 더해 가는 정방향 과정, 둘째 그림은 모델이 노이즈에서 데이터로 되돌아오는 역방향 과정입니다. 학습한 뒤 샘플 뽑기를 누르고 t 슬라이더를 끌어 두 과정을 나란히 보세요.',
    'First picture: the forward process adding noise to the data; second: the model’s reverse process from noise back to data. Train, press Sample, then drag the t slider to watch both side by side.',
  ),
  'flow-matching': L(
    '첫 그림은 시점 t의 속도장과 그 시점까지 옮겨진 노이즈, 둘째 그림은 노이즈에서 데이터로 가는 경로입니다. 학습한 뒤 t 슬라이더를 끌고, 리플로를 눌러 경로가 곧아지는지, 아래 줄에서 적은 스텝으로도 샘플이 좋아지는지 보세요.',
    'First picture: the velocity field at time t and the noise carried that far; second: the paths from noise to data. Train, drag the t slider, then press Reflow and watch the paths straighten and the row below get good samples in fewer steps.',
  ),
  compare: L(
    '세 패널은 노이즈 종류만 다른 세 확산 모델입니다. 각 패널의 에너지 거리를 비교하되, 노이즈 바닥보다 작은 차이는 우연입니다.',
    'The three panels are the same diffusion model with three kinds of noise. Compare their energy distances, but a difference below the noise floor is chance.',
  ),
};

/** What each number of the stats row means (shown on hover, focus and tap). */
export const statHelp: Record<string, Label> = {
  step: L('지금까지 가중치를 갱신한 횟수(미니배치 하나에 한 번)입니다.', 'How many times the weights have been updated so far (once per mini-batch).'),
  rate: L('이 브라우저에서 1초에 학습하는 스텝 수입니다. 기기와 백엔드에 따라 다릅니다.', 'Training steps per second in this browser; it depends on the device and the backend.'),
  energy: L(
    '모델의 샘플과 데이터 사이의 에너지 거리(Székely)입니다. 두 분포가 같으면 0이고, 작을수록 좋습니다. 튀는 값을 가라앉히려 최근 값들의 이동 평균을 보여 줍니다.',
    'The energy distance (Székely) between the model’s samples and the data: 0 when the two distributions are equal, smaller is better. Shown as a moving average, since single readings jump.',
  ),
  floor: L(
    '데이터에서 새로 뽑은 표본끼리의 에너지 거리입니다. 모델의 값이 이 아래로 내려가면 새 데이터와 구별할 수 없다는 뜻입니다.',
    'The energy distance between two fresh samples of the data itself. A model below this line is indistinguishable from fresh data.',
  ),
  start: L('학습 전, 무작위 가중치일 때의 에너지 거리입니다. 지금 값과 비교해 얼마나 나아졌는지 보세요.', 'The energy distance before training, with random weights: compare it with the current value to see the progress.'),
  backend: L('학습을 계산하는 코드입니다. 고급 설정에서 바꿀 수 있습니다.', 'What computes the training steps; change it under Advanced settings.'),
};

export const words = {
  statsDefined: L('이 숫자들의 정의:', 'What these numbers are:'),
  advanced: L('고급 설정: 학습률, 신경망, 시드, 백엔드', 'Advanced settings: learning rate, network, seed, backend'),
  share: L('공유와 저장', 'Share and save'),
  copyLink: L('링크 복사', 'Copy link'),
  linkCopied: L('이 설정으로 실험실을 여는 링크를 복사했습니다.', 'Copied a link that opens this lab with these settings.'),
  linkShown: L('아래 링크를 복사하세요. 이 설정으로 실험실을 엽니다.', 'Copy the link below: it opens this lab with these settings.'),
  linkLabel: L('이 실험실의 링크', 'Link to this lab'),
  downloadCsv: L('샘플 CSV', 'Samples as CSV'),
  downloadPng: L('그림 PNG', 'View as PNG'),
  loadCsv: L('CSV에서 점 불러오기', 'Load points from CSV'),
  noSamples: L('아직 샘플이 없습니다. 학습이나 샘플 뽑기를 먼저 누르세요.', 'No samples yet: press Train or Sample first.'),
  csvLoaded: L('파일에서 점 {n}개를 불러왔습니다.', 'Loaded {n} points from the file.'),
  csvEmpty: L('파일에 점이 없습니다. 한 줄에 "x,y" 두 수를 적어 주세요.', 'The file has no points: write two numbers "x,y" on each line.'),
  csvTooMany: L('파일의 점이 {rows}개로, 최대 {max}개를 넘습니다. 파일을 쓰지 않았습니다.', 'The file has {rows} points, more than the {max} allowed; it was not used.'),
  csvNotNumbers: L('{row}번째 줄 "{text}"이 두 수 x,y가 아니어서 파일을 쓰지 않았습니다.', 'Row {row} ("{text}") is not two numbers x,y, so the file was not used.'),
  csvOutside: L('{row}번째 줄 "{text}"이 그림의 범위(−4부터 4까지)를 벗어나 파일을 쓰지 않았습니다.', 'Row {row} ("{text}") lies outside the picture (−4 to 4), so the file was not used.'),
  stepAxis: L('학습 스텝', 'training step'),
  lossAxis: L('손실', 'loss'),
  energyAxis: L('에너지 거리', 'energy distance'),
  qualityChart: L(
    '학습하는 동안의 에너지 거리(작을수록 좋음, 로그 눈금; 옅은 선: 측정값, 진한 선: 이동 평균). 점선은 노이즈 바닥입니다.',
    'The energy distance over training (smaller is better; log scale; faint: each reading, bold: moving average). The dashed line is the noise floor.',
  ),
  floorLine: L('노이즈 바닥: 이 아래는 새 데이터와 구별할 수 없음', 'noise floor: below this, indistinguishable from fresh data'),
  lossChartCaption: L('손실 곡선 (옅은 선: 스텝마다의 값, 진한 선: 이동 평균)', 'Loss curves (faint: each step; bold: moving average)'),
  ganFlat: L('GAN의 손실은 평평하게 머무는 것이 정상입니다. 판별자와 생성자가 서로를 따라잡기 때문입니다.', 'Flat GAN losses are normal: the discriminator and the generator keep catching up with each other.'),
  belowFloor: L('노이즈 바닥 아래: 새 데이터와 구별 불가', 'below the noise floor: as good as fresh data'),
  playReverse: L('역방향 재생', 'Play reverse'),
  playPaths: L('t를 0에서 1로 재생', 'Play t from 0 to 1'),
  reflow: L('리플로', 'Reflow'),
  stripCaption: L(
    '같은 노이즈에서 ODE 스텝 수를 1, 2, 4, 8, 16으로 늘려 얻은 샘플과, 각각의 에너지 거리를 노이즈 바닥의 몇 배인지로 나타낸 값입니다. 경로가 곧을수록 적은 스텝으로도 데이터에 닿습니다.',
    'Samples of the same noise with 1, 2, 4, 8 and 16 ODE steps, each with its energy distance as a multiple of the noise floor. The straighter the paths, the fewer steps it takes to reach the data.',
  ),
  stripSteps: L('ODE 스텝 {n}', 'ODE steps: {n}'),
  chainStep: L('랑주뱅 사슬: 스텝', 'Langevin chains: step'),
  jumpToLab: L('실험실로 바로 가기 ↓', 'Jump to the lab ↓'),
} satisfies Record<string, Label>;

export type WordKey = keyof typeof words;

/** A word with {placeholders} filled in. */
export const w = translator(words);
