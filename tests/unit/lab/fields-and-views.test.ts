/**
 * What only the e2e suite reached before: each family's fields (computed in the worker from a real
 * model) and its view (drawn on the page), in Node. The fields are checked for shape and finiteness;
 * the view draws them on a canvas whose 2-D context records every call, so a test can see that the
 * heat maps, points, lines and arrows are drawn, at finite coordinates inside the canvas.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { beforeAll, describe, expect, it } from 'vitest';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { createModel } from '../../../src/models/index';
import { families, type Family } from '../../../src/models/types';
import { drawComparePanel } from '../../../src/lab/page/views/compare';
import { familyViews } from '../../../src/lab/page/views/index';
import type { ViewModel } from '../../../src/lab/page/views/types';
import type { Palette } from '../../../src/lab/page/render/palette';
import { Plot } from '../../../src/lab/page/render/plot';
import { modelConfig } from '../../../src/lab/shared/model-config';
import type { Fields, GridField, ViewState } from '../../../src/lab/shared/protocol';
import { defaultValues, type Values } from '../../../src/lab/shared/settings';
import { sampleArray } from '../../../src/lab/worker/fields/common';
import { fieldsOf } from '../../../src/lab/worker/fields/index';
import type { FieldContext } from '../../../src/lab/worker/fields/types';

interface Call {
  name: string;
  args: unknown[];
}

/** A 2-D context that records every method call and accepts every property. */
function recordingContext(calls: Call[]): CanvasRenderingContext2D {
  const props: Record<string, unknown> = {};
  const handler: ProxyHandler<Record<string, unknown>> = {
    get(_, name: string) {
      if (name in props) return props[name];
      if (name === 'createImageData') return (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(4 * w * h) });
      if (name === 'measureText') return (text: string) => ({ width: 6 * text.length });
      return (...args: unknown[]) => void calls.push({ name, args });
    },
    set(_, name: string, value: unknown) {
      props[name] = value;
      return true;
    },
  };
  const ctx: unknown = new Proxy({}, handler);
  // The proxy stands in for the browser's context: it implements every method by recording it.
  return ctx as CanvasRenderingContext2D;
}

function fakeCanvas(calls: Call[], size = 240): HTMLCanvasElement {
  const ctx = recordingContext(calls);
  const canvas: unknown = {
    width: size,
    height: size,
    getContext: () => ctx,
    getBoundingClientRect: () => ({ left: 0, top: 0, width: size, height: size }),
  };
  return canvas as HTMLCanvasElement;
}

const offscreen: Call[] = [];
beforeAll(async () => {
  await tf.setBackend('cpu');
  Object.assign(globalThis, {
    window: { devicePixelRatio: 1 },
    document: { createElement: () => fakeCanvas(offscreen, 48) },
  });
});

const palette: Palette = {
  background: '#fdfcf9',
  foreground: '#1d1d21',
  muted: '#55555f',
  grid: '#dedbd2',
  data: 'rgba(40,40,48,0.45)',
  samples: '#d2551c',
  accent: '#1c5bb8',
  warm: '#a23d00',
  dark: false,
};

/** A small model of each family (narrow networks, fewer diffusion steps), trained a few steps. */
function smallModel(family: Family, values: Values) {
  const model = createModel(family, modelConfig(family, values), { trainingPath: 'tfjs' });
  const data = getDataset('eight-gaussians');
  const rng = createRng(3);
  for (let i = 0; i < 3; i++) {
    const batch = tf.tensor2d(data.sample(64, rng), [64, 2]);
    model.trainStep(batch);
    batch.dispose();
  }
  return model;
}

/** Every Float32Array in a value, with its path. */
function arrays(value: unknown, path = ''): [string, Float32Array][] {
  if (value instanceof Float32Array) return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => arrays(v, `${path}[${i}]`));
  if (value && typeof value === 'object') return Object.entries(value).flatMap(([k, v]) => arrays(v, `${path}.${k}`));
  return [];
}

function isGrid(value: unknown): value is GridField {
  return typeof value === 'object' && value !== null && 'size' in value && 'values' in value && !('vectors' in value);
}

/** The layout invariants of the protocol's fields (src/lab/shared/protocol.ts). */
function checkFields(family: Family, fields: Fields): void {
  for (const [path, a] of arrays(fields)) {
    expect(a.length, `${family}${path} is empty`).toBeGreaterThan(0);
    // The EBM's grid-normalised log density may be −Infinity far from the data; everything else is finite.
    const finite = path === '.density.values' ? a.every((v) => !Number.isNaN(v)) : a.every(Number.isFinite);
    expect(finite, `${family}${path} has non-finite values`).toBe(true);
  }
  for (const [key, value] of Object.entries(fields)) {
    if (isGrid(value)) expect(value.values.length, `${family}.${key}`).toBe(value.size * value.size);
  }
  if (fields.trajectories) {
    const { count, frames, points } = fields.trajectories;
    expect(points.length).toBe(count * frames * 2);
  }
  if (fields.chains) expect(fields.chains.points.length).toBe(fields.chains.chains * fields.chains.steps * 2);
  if (fields.mappedGrid) {
    const { lines, perLine, source, mapped } = fields.mappedGrid;
    // `lines` horizontal then `lines` vertical lines of `perLine` points (src/lab/shared/grid.ts gridLines).
    expect(source.length).toBe(4 * lines * perLine);
    expect(mapped.length).toBe(4 * lines * perLine);
  }
  if (fields.flowGrid) for (const stage of fields.flowGrid.stages) expect(stage.length).toBe(4 * fields.flowGrid.lines * fields.flowGrid.perLine);
  if (fields.score) expect(fields.score.vectors.length).toBe(2 * fields.score.size * fields.score.size);
  if (fields.velocity) expect(fields.velocity.vectors.length).toBe(2 * fields.velocity.size * fields.velocity.size);
  if (fields.odePaths) expect(fields.odePaths.points.length).toBe(2 * fields.odePaths.count * fields.odePaths.frames);
  if (fields.fewSteps) {
    expect(fields.fewSteps.samples.length).toBe(fields.fewSteps.steps.length);
    expect(fields.fewSteps.ratios.every((r) => Number.isFinite(r) && r > 0)).toBe(true);
  }
  if (fields.marginal) expect(fields.marginal.values.length).toBe(fields.marginal.line.length);
  if (fields.conditional) expect(fields.conditional.values.length).toBe(fields.conditional.line.length);
}

/** What each family's periodic and view fields must carry: what its captions promise. */
const promised: Record<Family, (keyof Fields)[]> = {
  autoregressive: ['density', 'marginal', 'conditional'],
  vae: ['density', 'latent', 'decoded', 'mappedGrid'],
  flow: ['density', 'flowGrid', 'flowSamples', 'flowBase'],
  ebm: ['density', 'energy'],
  gan: ['discriminator', 'mappedGrid', 'gradients'],
  diffusion: ['noised', 'score'],
  'flow-matching': ['velocity', 'odePaths', 'fewSteps'],
};

/** What Sample adds: the family's animation. */
const sampleAnimation: Partial<Record<Family, { field: keyof Fields; kind: 'coordinates' | 'trajectories' | 'chains' }>> = {
  autoregressive: { field: 'coordinateSteps', kind: 'coordinates' },
  ebm: { field: 'chains', kind: 'chains' },
  diffusion: { field: 'trajectories', kind: 'trajectories' },
};

/** Coordinates a call passes to the canvas (the numeric arguments of path and shape calls). */
function coordinates(calls: Call[]): number[] {
  const geometric = new Set(['moveTo', 'lineTo', 'arc', 'rect', 'fillRect', 'strokeRect', 'fillText']);
  return calls.filter((c) => geometric.has(c.name)).flatMap((c) => c.args.filter((a): a is number => typeof a === 'number'));
}

describe('each family’s fields and view', () => {
  for (const family of families) {
    it(`${family}: the fields carry what the view draws, and the view draws them at finite coordinates`, () => {
      const values: Values = { ...defaultValues(family), width: 16, ...(family === 'diffusion' ? { T: 20, t: 10 } : {}), ...(family === 'ebm' ? { steps: 2 } : {}) };
      const model = smallModel(family, values);
      try {
        const view: ViewState = { slice: 0.5, z: [0.3, -0.2], t: 10, reducedMotion: false };
        const data = getDataset('eight-gaussians').sample(200, createRng(1));
        const fam = fieldsOf(family);
        // As the session draws them: the family's own draw, or model.sample.
        const samples = fam.draw ? fam.draw(model, values, 100) : sampleArray(model, 100);
        const ctx: FieldContext = { data, samples, view, values, noiseFloor: () => 1e-3, dataSample: (n) => getDataset('eight-gaussians').sample(n, createRng(2)) };
        const fields: Fields = { ...fam.periodic(model, ctx), ...(fam.view ? fam.view(model, ctx) : {}) };
        checkFields(family, fields);
        for (const key of promised[family]) expect(fields[key], `${family} sends ${key}`).toBeDefined();
        const sampled = fam.sample ? fam.sample(model, ctx, 50) : null;
        if (sampled) {
          checkFields(family, sampled.fields);
          // As many as asked for (the EBM shows the ends of the 60 chains it draws).
          if (family !== 'ebm') expect(sampled.samples.length).toBe(100);
          expect(sampled.samples.length).toBeGreaterThan(0);
          expect(sampled.samples.every(Number.isFinite)).toBe(true);
        }
        const animation = sampleAnimation[family];
        if (animation) expect(sampled?.fields[animation.field], `${family}'s Sample animation`).toBeDefined();

        const mainCalls: Call[] = [];
        const auxCalls: Call[] = [];
        const main = new Plot(fakeCanvas(mainCalls));
        const aux = new Plot(fakeCanvas(auxCalls));
        const vm: ViewModel = {
          family,
          lang: 'en',
          values: { ...values, slice: 0.5, z1: 0.3, z2: -0.2, t: 10 },
          data,
          samples: sampled?.samples ?? samples,
          fields: { ...fields, ...(sampled?.fields ?? {}) },
          animation: animation ? { kind: animation.kind, start: 0 } : null,
          reducedMotion: false,
          palette,
          drawing: false,
          cursor: null,
          scrub: null,
        };
        offscreen.length = 0;
        // Half-way through the Sample animation, then at its end.
        const animating = familyViews[family].draw(main, aux, vm, 500);
        // Diffusion's reverse process is played by the widget moving t (the view draws the frame at t), not by the clock.
        if (animation && family !== 'diffusion') expect(animating, `${family} animates after Sample`).toBe(true);
        const done = familyViews[family].draw(main, aux, vm, 60_000);
        expect(done).toBe(false);

        for (const calls of [mainCalls, auxCalls]) {
          const xy = coordinates(calls);
          expect(xy.length).toBeGreaterThan(0);
          expect(xy.every(Number.isFinite), `${family}: a non-finite coordinate`).toBe(true);
          // Each frame starts by filling the background (after setting the pixel ratio's transform).
          expect(calls.slice(0, 2).map((c) => c.name)).toEqual(['setTransform', 'fillRect']);
        }
        const heatMaps = [...mainCalls, ...auxCalls].filter((c) => c.name === 'drawImage').length;
        // Every family but the two that draw a field of arrows (diffusion's score, flow matching's
        // velocity) shades the plane (a density, an energy or the discriminator).
        if (family !== 'diffusion' && family !== 'flow-matching') expect(heatMaps, `${family} draws a heat map`).toBeGreaterThan(0);
        // Points: data and samples are drawn as many small shapes on the main canvas.
        const shapes = mainCalls.filter((c) => c.name === 'arc' || c.name === 'fillRect' || c.name === 'rect').length;
        expect(shapes, `${family} draws its points`).toBeGreaterThan(100);
        // Flow matching's strip: each small panel draws its own samples and says how many steps made them.
        const drawStrip = familyViews[family].drawStrip;
        if (family === 'flow-matching') expect(drawStrip).toBeDefined();
        if (drawStrip) {
          const stripCalls = fields.fewSteps!.steps.map((): Call[] => []);
          drawStrip(stripCalls.map((calls) => new Plot(fakeCanvas(calls))), vm);
          stripCalls.forEach((calls, i) => {
            expect(coordinates(calls).every(Number.isFinite)).toBe(true);
            expect(calls.filter((c) => c.name === 'arc' || c.name === 'fillRect' || c.name === 'rect').length).toBeGreaterThan(2 * 200);
            expect(calls.some((c) => c.name === 'fillText' && String(c.args[0]).startsWith(`ODE steps: ${fields.fewSteps!.steps[i]} ·`))).toBe(true);
          });
        }
      } finally {
        model.dispose();
      }
    }, 60_000);
  }

  it('the views’ drags set the view settings: the slice (AR), the latent point (VAE)', () => {
    const ar = familyViews.autoregressive.drag;
    const vae = familyViews.vae.drag;
    expect(ar).toBeDefined();
    expect(vae).toBeDefined();
    const full: ViewModel = {
      family: 'autoregressive', lang: 'en', values: defaultValues('autoregressive'), data: new Float32Array(0), samples: null, fields: {},
      animation: null, reducedMotion: false, palette, drawing: false, cursor: null, scrub: null,
    };
    expect(ar?.('main', 1.25, 0, full)).toEqual({ slice: 1.25 });
    const z = vae?.('aux', 0.5, -1, { ...full, family: 'vae', values: defaultValues('vae') });
    expect(z).toMatchObject({ z1: 0.5, z2: -1 });
  });

  it('the noise comparison panel draws the data, the samples and the trajectories of its model', () => {
    const calls: Call[] = [];
    const plot = new Plot(fakeCanvas(calls));
    const data = getDataset('two-moons').sample(100, createRng(1));
    const vm: ViewModel = {
      family: 'diffusion', lang: 'en', values: defaultValues('diffusion'), data, samples: data.slice(0, 100),
      fields: { trajectories: { count: 5, frames: 4, points: new Float32Array(40).fill(0.5) } },
      animation: { kind: 'trajectories', start: 0 }, reducedMotion: false, palette, drawing: false, cursor: null, scrub: null,
    };
    expect(drawComparePanel(plot, vm, 100)).toBe(true);
    expect(drawComparePanel(plot, vm, 60_000)).toBe(false);
    expect(coordinates(calls).every(Number.isFinite)).toBe(true);
    expect(calls.filter((c) => c.name === 'lineTo').length).toBeGreaterThan(0);
  });

  it('ebm: the chains are checked against the density, not the model’s own samples (CD’s buffer on refresh, the Sample button’s chains at their end)', () => {
    const fam = fieldsOf('ebm');
    const ctx = (values: Values): FieldContext => ({
      data: getDataset('eight-gaussians').sample(200, createRng(1)), samples: null, values, noiseFloor: () => 1e-3,
      view: { slice: 0.5, z: [0, 0], t: 0, reducedMotion: false }, dataSample: (n) => getDataset('eight-gaussians').sample(n, createRng(2)),
    });
    for (const objective of ['ml', 'cd'] as const) {
      const values: Values = { ...defaultValues('ebm'), width: 16, objective, steps: 2 };
      const model = smallModel('ebm', values);
      try {
        const periodic = fam.periodic(model, ctx(values));
        // Maximum likelihood runs no training chains: nothing to check on refresh.
        if (objective === 'ml') expect(periodic.mixing).toBeUndefined();
        else expect(typeof periodic.mixing?.agrees).toBe('boolean');
        const sampled = fam.sample!(model, ctx(values), 50);
        expect(typeof sampled.fields.mixing?.agrees).toBe('boolean');
        expect(sampled.fields.chains?.chains).toBe(60);
      } finally {
        model.dispose();
      }
    }
  });
});
