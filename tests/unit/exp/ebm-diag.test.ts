import { it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import { getDataset } from '../../../src/data/datasets';
import { createRng } from '../../../src/data/random';
import { initBackend } from '../../../src/models/backend';
import { loadFastKernels } from '../../../src/models/fast/kernels';
import { createEbm } from '../../../src/models/ebm';
import { gridPoints } from '../../../src/metrics/likelihood';
import { take, withModel } from '../models/family-checks';
import { trainSteps } from '../../../src/models/train';

it('diag', { timeout: 3_600_000 }, async () => {
  await initBackend('wasm');
  const fastKernels = await loadFastKernels({ variant: 'simd' });
  const cfg = JSON.parse(process.env.EBM_CFG ?? '{}');
  withModel(createEbm({ seed: 1, ...cfg }, { fastKernels }), (model) => {
    trainSteps(model, getDataset(process.env.SET ?? 'eight-gaussians'), 800, createRng(7), 256);
    const R = 8, res = 200;
    const pts = gridPoints({ xMin: -4, xMax: 4, yMin: -4, yMax: 4 }, res);
    const x = tf.tensor2d(pts, [pts.length / 2, 2]);
    const lp = take(model.normalisedLogDensity(x));
    x.dispose();
    const dens = new Float64Array(R * R);
    const reg = (v: number) => Math.min(R - 1, Math.max(0, Math.floor(((v + 4) / 8) * R)));
    for (let k = 0; k < lp.length; k++) dens[reg(pts[2 * k + 1]) * R + reg(pts[2 * k])] += Math.exp(lp[k]) * (8 / res) ** 2;
    const s = take(model.sample(2000));
    const cnt = new Float64Array(R * R);
    for (let i = 0; i < s.length; i += 2) cnt[reg(s[i + 1]) * R + reg(s[i])] += 1 / 2000;
    const e = model.energy(pts);
    let emin = Infinity, emax = -Infinity;
    for (const v of e) { emin = Math.min(emin, v); emax = Math.max(emax, v); }
    console.log(`E range ${emin.toFixed(2)}..${emax.toFixed(2)} logZ ${model.logPartition().toFixed(2)}`);
    for (let j = R - 1; j >= 0; j--) console.log('DENS ' + Array.from(dens.subarray(j * R, j * R + R), (v) => v.toFixed(2)).join(' ') + '   SAMP ' + Array.from(cnt.subarray(j * R, j * R + R), (v) => v.toFixed(2)).join(' '));
    const centres: number[][] = [];
    for (let k = 0; k < 8; k++) centres.push([2 * Math.cos((k * Math.PI) / 4), 2 * Math.sin((k * Math.PI) / 4)]);
    const near = (x: number, y: number) => Math.min(...centres.map(([a, b]) => Math.hypot(x - a, y - b)));
    const edges = [0.1, 0.2, 0.3, 0.5, 1, 99];
    const bin = (d: number) => edges.findIndex((e) => d < e);
    const hs = new Float64Array(6), hd = new Float64Array(6);
    for (let i = 0; i < s.length; i += 2) hs[bin(near(s[i], s[i + 1]))] += 1 / 2000;
    for (let k = 0; k < lp.length; k++) hd[bin(near(pts[2 * k], pts[2 * k + 1]))] += Math.exp(lp[k]) * (8 / res) ** 2;
    console.log('dist-to-centre bins <0.1 <0.2 <0.3 <0.5 <1 rest: samples ' + Array.from(hs, (v) => v.toFixed(3)).join(' ') + ' | density ' + Array.from(hd, (v) => v.toFixed(3)).join(' '));
    // energy along a row through the data
    const row: string[] = [];
    for (let i = 0; i < res; i += 10) row.push(e[100 * res + i].toFixed(1));
    console.log('E at y=0 ' + row.join(' '));
    const buf = model.replayBuffer();
    const bc = new Float64Array(R * R);
    for (let i = 0; i < buf.length; i += 2) bc[reg(buf[i + 1]) * R + reg(buf[i])] += 2 / buf.length;
    for (let j = R - 1; j >= 0; j--) console.log('BUF ' + Array.from(bc.subarray(j * R, j * R + R), (v) => v.toFixed(2)).join(' '));
  });
});
