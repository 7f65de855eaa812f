/**
 * Every family's widget learns in the browser: open its article, press Train, and within a few
 * hundred steps the energy distance the widget reports (model samples vs fresh data) falls well
 * below its value at step 0. Also the noise comparison of the why-gaussian article.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { describe, expect, it } from 'vitest';
import { loadFastKernels } from '../../../src/models/fast/kernels';
import { createModel, families } from '../../../src/models/index';
import { useSiteAndBrowser } from '../support/site-and-browser';
import { type Browser } from '../support/browser';
import { type StaticServer } from '../support/static-server';
import { button, openLab, waitForLab } from './support';

let server: StaticServer;
let browser: Browser;

useSiteAndBrowser((s, b) => {
  server = s;
  browser = b;
});

/** Steps to pass before judging: "a few hundred", fewer for the slower families. */
const STEPS: Record<string, number> = { autoregressive: 300, vae: 300, flow: 300, ebm: 200, gan: 300, diffusion: 300, 'flow-matching': 300 };

/**
 * Families whose widget trains with the fused kernels by default: every family whose model takes
 * them (the widget's "Training step" is fused for all seven), asked of the models themselves in Node.
 */
const FUSED = await fusedFamilies();

async function fusedFamilies(): Promise<Set<string>> {
  await tf.setBackend('cpu');
  const fastKernels = await loadFastKernels({ variant: 'simd' });
  const out = new Set<string>();
  for (const family of families) {
    const model = createModel(family, {}, { fastKernels });
    if (model.trainingPath === 'fused') out.add(family);
    model.dispose();
  }
  return out;
}

/** Each family as it opens, and the energy-based model and diffusion once more on the readable tfjs path chosen by URL. */
const CASES = [
  ...Object.keys(STEPS).map((family) => ({ family, query: '', path: FUSED.has(family) ? 'fused' : 'tfjs' })),
  { family: 'ebm', query: '?ebm.trainer=tfjs', path: 'tfjs' },
  { family: 'diffusion', query: '?diffusion.trainer=tfjs', path: 'tfjs' },
];

describe('each family trains in the browser', () => {
  for (const { family, query, path } of CASES) {
    it(`${family}${query ? ` (${query})` : ''}: the energy distance falls well below its step-0 value, on the ${path} path`, async () => {
      const { page, lab, monitored } = await openLab(browser, server, family, 'en', query);
      try {
        await button(lab, 'train').click();
        const start = await waitForLab(lab, (a) => a.energyStart > 0, 30_000, 'the step-0 energy distance');
        const end = await waitForLab(
          lab,
          (a) => a.step >= STEPS[family] && a.energy < 0.5 * a.energyStart,
          60_000,
          `step ≥ ${STEPS[family]} and energy distance < half of ${start.energyStart}`,
        );
        expect(end.energy).toBeLessThan(0.5 * end.energyStart);
        expect(await lab.getAttribute('data-state')).toBe('running');
        expect(await lab.getAttribute('data-training-path')).toBe(path);
        // Pages after the first are cross-origin isolated (the site's service worker), and a network
        // whose passes are big enough then runs on two threads (cross-origin-isolation.test.ts).
        expect(await lab.locator('[data-stat=backend]').textContent()).toMatch(path === 'fused' ? /^wasm \+ fused kernels(, 2 threads)?$/ : /^wasm$/);
        await button(lab, 'train').click();
        expect(monitored.report()).toEqual([]);
      } finally {
        await page.close();
      }
    }, 120_000);
  }

  it('diffusion-noise: Gaussian, Gamma and mixture models train side by side', async () => {
    const { page, lab, monitored } = await openLab(browser, server, 'diffusion-noise');
    try {
      await button(lab, 'train').click();
      await waitForLab(lab, (a) => a.energyStart > 0, 30_000, 'the step-0 energy distance');
      await waitForLab(lab, (a) => a.step >= 200, 60_000, 'step ≥ 200');
      const panels = lab.locator('[data-panel]');
      expect(await panels.count()).toBe(3);
      for (let i = 0; i < 3; i++) {
        await expect.poll(async () => Number(await panels.nth(i).getAttribute('data-energy')), { timeout: 20_000 }).toBeGreaterThan(0);
      }
      await button(lab, 'train').click();
      expect(monitored.report()).toEqual([]);
    } finally {
      await page.close();
    }
  }, 120_000);
});
