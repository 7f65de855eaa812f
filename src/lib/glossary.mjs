/**
 * The glossary: one table of the site's terms in Korean and English, with a one-line definition in
 * each language. The glossary page (/ko/glossary/, /en/glossary/) renders it, and
 * the MDX pipeline (src/lib/remark-glossary-words.mjs, in the build and in
 * scripts/check-content.mjs) fails on a Korean article that uses a word listed in `replaces` (the
 * articles once said 잡음 and 걸음 where the labs say 노이즈 and 스텝, so "Try this" named controls
 * the lab does not have).
 */

/**
 * @typedef {{ ko: string, en: string }} Label   (the shape of src/lib/i18n.ts's Label)
 * @typedef {object} GlossaryTerm
 * @property {string} id             anchor on the glossary page
 * @property {Label} term
 * @property {Label} definition
 * @property {readonly string[]} [replaces]   Korean words this term replaces: a Korean article must not use them (whole words)
 * @typedef {{ word: string, use: string, line: number }} ReplacedWord
 */

/** @type {(ko: string, en: string) => Label} */
const L = (ko, en) => ({ ko, en });

/** @type {readonly GlossaryTerm[]} */
export const glossary = [
  {
    id: 'noise',
    term: L('노이즈', 'noise'),
    definition: L('모델이나 샘플러가 일부러 더하는 무작위 값. 대개 가우시안에서 뽑습니다.', 'Random values a model or a sampler adds on purpose, usually drawn from a Gaussian.'),
    replaces: ['잡음'],
  },
  {
    id: 'noise-schedule',
    term: L('노이즈 스케줄', 'noise schedule'),
    definition: L('확산 모델이 시점 t마다 더하는 노이즈의 양 β_t를 정하는 규칙(선형, 코사인).', 'The rule that sets how much noise β_t a diffusion model adds at each time t (linear, cosine).'),
    replaces: ['잡음 일정', '잡음 스케줄'],
  },
  {
    id: 'step',
    term: L('스텝', 'step'),
    definition: L('학습이나 샘플링에서 한 번의 갱신: 기울기 한 번, 랑주뱅 한 번, 역방향 과정 한 번.', 'One update in training or sampling: one gradient update, one Langevin move, one reverse-process step.'),
    replaces: ['걸음'],
  },
  {
    id: 'discriminator-steps',
    term: L('판별자 스텝', 'discriminator steps'),
    definition: L('GAN에서 생성자 한 스텝마다 판별자를 갱신하는 횟수.', 'In a GAN, how many discriminator updates come with each generator update.'),
    replaces: ['판별자 걸음 수', '판별자 걸음'],
  },
  {
    id: 'persistent-chains',
    term: L('지속 사슬', 'persistent chains'),
    definition: L('대조 발산에서 학습 스텝 사이에 이어서 돌리는 랑주뱅 사슬(Tieleman 2008).', 'In contrastive divergence, Langevin chains carried over from one training step to the next (Tieleman 2008).'),
    replaces: ['지속 연쇄'],
  },
  {
    id: 'denoising-score-matching',
    term: L('디노이징 스코어 매칭', 'denoising score matching'),
    definition: L('노이즈를 더한 점에서 그 노이즈를 되돌리는 방향을 맞히도록 스코어를 학습하는 방법(Vincent 2011).', 'Learning a score by predicting, at a noised point, the direction that undoes the noise (Vincent 2011).'),
    replaces: ['잡음 제거 스코어 매칭'],
  },
  {
    id: 'score',
    term: L('스코어', 'score'),
    definition: L('로그 밀도의 기울기 ∇ₓ log p(x): 밀도가 가장 빨리 커지는 방향.', 'The gradient of the log-density, ∇ₓ log p(x): the direction in which the density grows fastest.'),
  },
  {
    id: 'energy',
    term: L('에너지', 'energy'),
    definition: L('에너지 기반 모델이 점마다 매기는 수 E(x). 낮을수록 밀도 exp(−E(x))/Z가 높습니다.', 'The number E(x) an energy-based model gives each point; the lower, the higher the density exp(−E(x))/Z.'),
  },
  {
    id: 'latent',
    term: L('잠재 변수', 'latent variable'),
    definition: L('관측되지 않는 숨은 원인 z. VAE와 GAN은 z에서 데이터 점을 만듭니다.', 'An unobserved hidden cause z; a VAE and a GAN make data points from z.'),
  },
  {
    id: 'energy-distance',
    term: L('에너지 거리', 'energy distance'),
    definition: L('두 표본 집합이 얼마나 다른지 재는 수. 같은 분포에서 뽑았을 때만 0에 가깝습니다. 위젯이 샘플을 데이터와 비교할 때 씁니다.', 'A number for how different two sets of samples are, near zero only when they come from the same distribution; the labs compare samples with data by it.'),
  },
  {
    id: 'noise-floor',
    term: L('노이즈 바닥', 'noise floor'),
    definition: L('같은 분포에서 새로 뽑은 두 표본 사이의 에너지 거리. 이보다 작은 차이는 우연과 구별할 수 없습니다.', 'The energy distance between two fresh samples of the same distribution; differences below it cannot be told from chance.'),
  },
  {
    id: 'held-out-nll',
    term: L('보류 데이터 NLL', 'held-out NLL'),
    definition: L('학습에 쓰지 않은 점들의 평균 음의 로그 가능도(나츠). 참 분포의 엔트로피보다 작아질 수 없고, 그 차이가 KL입니다.', 'The average negative log-likelihood, in nats, of points not used in training; it cannot fall below the true distribution\'s entropy, and the gap is a KL divergence.'),
  },
  {
    id: 'entropy',
    term: L('엔트로피', 'entropy'),
    definition: L('분포의 평균 놀라움 H(p) = −E log p(x). 보류 데이터 NLL의 바닥입니다.', 'A distribution\'s average surprise, H(p) = −E log p(x); the floor of the held-out NLL.'),
  },
  {
    id: 'langevin',
    term: L('랑주뱅 동역학', 'Langevin dynamics'),
    definition: L('에너지의 비탈을 따라 내려가면서 노이즈를 더하는 샘플러: x ← x − (η/2)∇E(x) + √η ε.', 'A sampler that walks down the energy\'s slope while adding noise: x ← x − (η/2)∇E(x) + √η ε.'),
  },
  {
    id: 'importance-sampling',
    term: L('중요도 샘플링', 'importance sampling'),
    definition: L(
      '구하려는 분포 대신 다른 분포 q에서 점을 뽑고, 각 점에 두 밀도의 비율만큼 가중치를 주어 기댓값을 추정하는 방법. 실험실의 EBM은 격자 밀도에서 뽑은 점으로 log Z의 기울기를 이렇게 추정합니다.',
      'Estimating an expectation under one distribution from points drawn from another, q, each weighted by the ratio of the two densities. The lab’s EBM estimates the gradient of log Z this way, from points drawn from its grid density.',
    ),
  },
  {
    id: 'elbo',
    term: L('증거 하한 (ELBO)', 'evidence lower bound (ELBO)'),
    definition: L('VAE가 최대화하는 log p(x)의 하한: 재구성 항 빼기 KL 항.', 'The lower bound on log p(x) that a VAE maximises: a reconstruction term minus a KL term.'),
  },
  {
    id: 'coupling-layer',
    term: L('결합 층', 'coupling layer'),
    definition: L('좌표의 절반은 그대로 두고, 그 절반으로 나머지 절반의 가역 변환을 정하는 흐름의 층.', 'A flow layer that keeps half of the coordinates and uses them to set an invertible map of the other half.'),
  },
  {
    id: 'mode-collapse',
    term: L('모드 붕괴', 'mode collapse'),
    definition: L('GAN의 생성자가 데이터의 봉우리 몇 개에만 샘플을 몰아 두는 실패.', 'A GAN failure in which the generator puts its samples on only a few of the data\'s modes.'),
  },
  {
    id: 'ho',
    term: L('Ho et al.', 'Ho et al.'),
    definition: L('사람 이름은 로마자로 씁니다: Ho, Jain, Abbeel(2020, DDPM).', 'People are named in Latin letters in both editions: Ho, Jain and Abbeel (2020, DDPM).'),
    replaces: ['호와 동료들'],
  },
  {
    id: 'sohl-dickstein',
    term: L('Sohl-Dickstein', 'Sohl-Dickstein'),
    definition: L('확산 모델을 처음 제안한 Sohl-Dickstein et al.(2015). 이름은 로마자로 씁니다.', 'Sohl-Dickstein et al. (2015), who first proposed diffusion models; the name stays in Latin letters.'),
    replaces: ['졸-딕스타인', '졸딕스타인', '솔-딕스타인'],
  },
  {
    id: 'hyvarinen',
    term: L('Hyvärinen', 'Hyvärinen'),
    definition: L('스코어 매칭을 제안한 Hyvärinen(2005). 이름은 로마자로 씁니다.', 'Hyvärinen (2005), who proposed score matching; the name stays in Latin letters.'),
    replaces: ['히바리넨', '휘배리넨'],
  },
  {
    id: 'flow-matching',
    term: L('흐름 매칭', 'flow matching'),
    definition: L('노이즈를 데이터로 옮기는 ODE의 속도장을, 노이즈와 데이터를 잇는 경로의 속도에 회귀해서 배우는 방법.', 'Learning the velocity field of an ODE that carries noise to data, by regressing onto the velocities of paths that join noise and data.'),
    replaces: ['플로우 매칭'],
  },
  {
    id: 'rectified-flow',
    term: L('정류 흐름', 'rectified flow'),
    definition: L('노이즈와 데이터를 직선으로 잇는 흐름 매칭. 리플로로 경로를 곧게 폅니다.', 'Flow matching along straight lines between noise and data; reflow straightens its paths.'),
    replaces: ['렉티파이드 플로우'],
  },
  {
    id: 'reflow',
    term: L('리플로', 'reflow'),
    definition: L('학습된 ODE가 노이즈를 옮겨 놓은 곳과 그 노이즈를 새 짝으로 삼아 다시 학습하는 것. 경로가 엇갈리지 않아 곧아집니다.', 'Training again on pairs of noise and the place the learned ODE carries it: the paths stop crossing and straighten.'),
  },
  {
    id: 'velocity-field',
    term: L('속도장', 'velocity field'),
    definition: L('공간의 점과 시점마다 속도 v(x, t)를 주는 함수. ODE dx/dt = v(x, t)가 점들을 실어 나릅니다.', 'A function giving a velocity v(x, t) at every point and time; the ODE dx/dt = v(x, t) carries points along it.'),
  },
  {
    id: 'continuity-equation',
    term: L('연속 방정식', 'continuity equation'),
    definition: L('∂p/∂t + ∇·(p v) = 0: 속도장 v가 밀도 p를 옮길 때 확률 질량이 보존된다는 식.', '∂p/∂t + ∇·(p v) = 0: probability mass is conserved as a velocity field v moves a density p.'),
  },
  {
    id: 'ode-solver',
    term: L('ODE 솔버', 'ODE solver'),
    definition: L('미분방정식 dx/dt = v(x, t)를 작은 시간 스텝으로 나누어 푸는 방법. Euler(1차)와 Heun(2차)이 대표적이며, 스텝이 적을수록 빠르고 거칠어집니다.', 'A method that solves dx/dt = v(x, t) in small time steps, such as Euler (first order) or Heun (second order); fewer steps are faster and coarser.'),
    replaces: ['풀이기'],
  },
  {
    id: 'straightness',
    term: L('곧은 정도', 'straightness'),
    definition: L('흐름의 경로가 직선에서 얼마나 벗어나는지 재는 값 S. 모든 경로가 일정한 속력의 직선이면 0이고, 그러면 ODE 한 스텝으로 정확히 샘플링됩니다.', 'How far a flow’s paths are from straight lines, S; it is 0 when every path is a straight line at constant speed, and then one ODE step samples exactly.'),
  },
  {
    id: 'r1-penalty',
    term: L('R1 벌점', 'R1 penalty'),
    definition: L('진짜 데이터에서 판별자 기울기의 제곱 크기 (γ/2)‖∇D‖²를 손실에 더하는 정규화. GAN 학습이 평형점 둘레를 맴돌지 않고 수렴하게 돕습니다.', 'A regulariser adding (γ/2)‖∇D‖², the discriminator’s squared slope on real data, to its loss; it helps GAN training converge instead of circling its equilibrium.'),
  },
  {
    id: 'pretrained',
    term: L('사전 학습', 'pretrained'),
    definition: L('독자가 버튼을 누르기 전에 프로젝트의 스크립트가 미리 학습해 둔 가중치로 바로 샘플을 그리는 것. 숫자 실험실에서 씁니다.', 'Drawing samples at once with weights the project’s own script trained beforehand, before the reader presses anything; used in the digits lab.'),
    replaces: ['사전훈련', '사전 훈련', '프리트레인'],
  },
  {
    id: 'interpolation',
    term: L('보간', 'interpolation'),
    definition: L('두 샘플의 노이즈(또는 잠재 변수) 사이의 점들을 같은 모델로 그려, 한 샘플이 다른 샘플로 서서히 바뀌는 모습을 보는 것.', 'Drawing, with the same model, the points between two samples’ noise (or latent variables), to watch one sample turn gradually into the other.'),
    replaces: ['내삽'],
  },
  {
    id: 'p-data',
    term: L('p_data, p̂_data', 'p_data, p̂_data'),
    definition: L('p_data는 데이터를 낳는 참 분포, p̂_data는 학습 집합의 경험적 분포(점마다 같은 질량).', 'p_data is the true distribution behind the data; p̂_data is the empirical distribution of the training set (equal mass on each point).'),
  },
];

/**
 * Korean words of `text` that a glossary term replaces, with their 1-based line. A word counts only
 * as a whole word: not inside a longer Hangul word (발걸음), so a replaced word followed by a
 * particle (잡음이, 걸음을) is found, but a word that merely contains it is not.
 */
/**
 * @param {string} text
 * @param {readonly GlossaryTerm[]} [terms]
 * @returns {ReplacedWord[]}
 */
export function replacedWords(text, terms = glossary) {
  /** @type {ReplacedWord[]} */
  const found = [];
  const lines = text.split('\n');
  for (const t of terms) {
    for (const word of t.replaces ?? []) {
      // Not preceded by a Hangul syllable (a longer word); any ending may follow (particles).
      const pattern = new RegExp(`(?<![가-힣])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'g');
      lines.forEach((line, i) => {
        if (pattern.test(line)) found.push({ word, use: t.term.ko, line: i + 1 });
        pattern.lastIndex = 0;
      });
    }
  }
  return found.sort((a, b) => a.line - b.line);
}

/**
 * The glossary's term `id` as a label, for the labs' controls and stats, so that a lab and the
 * articles say the same word. `sentence`: English capitalised, as a label starts.
 * @param {string} id
 * @param {{ sentence?: boolean }} [options]
 * @returns {Label}
 */
export function termLabel(id, options = {}) {
  const entry = glossary.find((g) => g.id === id);
  if (!entry) throw new Error(`glossary: no term "${id}"`);
  const en = options.sentence ? entry.term.en.charAt(0).toUpperCase() + entry.term.en.slice(1) : entry.term.en;
  return { ko: entry.term.ko, en };
}
