import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-backend-cpu';
import { createRng } from '../../../src/data/random';
import { Mlp } from '../../../src/models/nn';
import { FastDdpmTrainer } from '../../../bench/fast-trainers/ddpm-trainer';
import { FastGanTrainer } from '../../../bench/fast-trainers/gan-trainer';
import type { FastMlp } from '../../../src/models/fast/fast-mlp';
import { loadFastKernels, type FastKernels } from '../../../src/models/fast/kernels';
import { copyToMlp, paramsOfMlp } from './tfjs-bridge';
import { relError } from './rel-error';

let kernels: FastKernels;

beforeAll(async () => {
  await tf.setBackend('cpu');
  kernels = await loadFastKernels();
});

/** A tfjs Mlp holding the fast network's current parameters. */
function tfjsTwin(fast: FastMlp, name: string): Mlp {
  const mlp = new Mlp([...fast.sizes], fast.activation, createRng(0), name);
  copyToMlp(fast, mlp);
  return mlp;
}

/** Relative error of the parameter updates (after − before) of the two paths, over all tensors. */
function updateError(fastAfter: FastMlp, tfjsAfter: Mlp, before: ReturnType<FastMlp['getParams']>): number {
  const a = fastAfter.getParams();
  const b = paramsOfMlp(tfjsAfter);
  const flat = (p: typeof a) => [...p.weights, ...p.biases].flatMap((x) => Array.from(x));
  const p0 = flat(before);
  const da = flat(a).map((v, i) => v - p0[i]);
  const db = flat(b).map((v, i) => v - p0[i]);
  return relError(da, db);
}

describe('fused DDPM step', () => {
  it('matches the tfjs step on the same batch and noise: loss and Adam update', () => {
    const trainer = new FastDdpmTrainer(kernels, { batchSize: 128, hidden: [32, 32], seed: 5 });
    const mlp = tfjsTwin(trainer.net, 'ddpm-twin');
    const before = trainer.net.getParams();
    const batch = trainer.drawBatch();
    const B = batch.t.length;

    // The readable tfjs path: x_t = √ᾱ_t x₀ + √(1 − ᾱ_t) ε, input [x_t, t/T], MSE to ε.
    const opt = tf.train.adam(1e-3, 0.9, 0.999, 1e-8);
    const sqrtAbar = tf.tensor1d(Float32Array.from(trainer.sqrtAlphaBar));
    const sqrtOneMinus = tf.tensor1d(Float32Array.from(trainer.sqrtOneMinusAlphaBar));
    const cost = opt.minimize(() => {
      const t = tf.tensor1d(batch.t, 'int32');
      const x0 = tf.tensor2d(batch.x0, [B, 2]);
      const eps = tf.tensor2d(batch.eps, [B, 2]);
      const xt = tf.add(tf.mul(x0, tf.reshape(tf.gather(sqrtAbar, t), [B, 1])), tf.mul(eps, tf.reshape(tf.gather(sqrtOneMinus, t), [B, 1])));
      const input = tf.concat([xt, tf.reshape(tf.div(tf.cast(t, 'float32'), trainer.T), [B, 1])], 1) as tf.Tensor2D;
      return tf.mean(tf.square(tf.sub(mlp.apply(input), eps))) as tf.Scalar;
    }, true, mlp.variables)!;
    const tfjsLoss = cost.dataSync()[0];

    const fast = trainer.stepOn(batch);
    expect(fast.ok).toBe(true);
    expect(Math.abs(fast.loss - tfjsLoss) / tfjsLoss).toBeLessThan(1e-5);
    // Adam's first update is about lr·sign(g); only entries with |g| near ε could differ.
    expect(updateError(trainer.net, mlp, before)).toBeLessThan(1e-3);
    tf.dispose([cost, sqrtAbar, sqrtOneMinus]);
    opt.dispose();
    mlp.dispose();
  });

  it('decreases the loss (reference workload at half width and batch)', () => {
    const trainer = new FastDdpmTrainer(kernels, { seed: 1, batchSize: 256, hidden: [64, 64, 64] });
    const losses: number[] = [];
    for (let i = 0; i < 300; i++) {
      const r = trainer.step();
      expect(r.ok).toBe(true);
      losses.push(r.loss);
    }
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(losses.slice(0, 10));
    const last = mean(losses.slice(-50));
    // ε-prediction starts near Var(ε) = 1 and falls well below it as the network learns to denoise
    // (seeds 1–3 reach 0.59–0.60 after 300 steps from 0.95).
    expect(first).toBeGreaterThan(0.8);
    expect(last).toBeLessThan(0.7 * first);
  });

  it('reports a diverging run instead of writing NaN into the weights', () => {
    const trainer = new FastDdpmTrainer(kernels, { batchSize: 64, hidden: [16], learningRate: 1e6, seed: 2 });
    let failed = false;
    for (let i = 0; i < 50 && !failed; i++) failed = !trainer.step().ok;
    expect(failed).toBe(true);
    const p = trainer.net.getParams();
    expect([...p.weights, ...p.biases].every((a) => a.every(Number.isFinite))).toBe(true);
  });
});

describe('fused GAN iteration', () => {
  it('matches the tfjs D and G steps on the same batch and latents', () => {
    const trainer = new FastGanTrainer(kernels, { batchSize: 64, seed: 9 });
    const G = tfjsTwin(trainer.generator, 'gan-twin-G');
    const D = tfjsTwin(trainer.discriminator, 'gan-twin-D');
    const beforeG = trainer.generator.getParams();
    const beforeD = trainer.discriminator.getParams();
    const batch = trainer.drawBatch();
    const B = 64;
    const optG = tf.train.adam(1e-3, 0.5, 0.999, 1e-8);
    const optD = tf.train.adam(1e-3, 0.5, 0.999, 1e-8);
    const real = tf.tensor2d(batch.real, [B, 2]);
    const zD = tf.tensor2d(batch.zD, [B, 2]);
    const zG = tf.tensor2d(batch.zG, [B, 2]);
    const lossD = optD.minimize(
      () => tf.add(tf.mean(tf.softplus(tf.neg(D.apply(real)))), tf.mean(tf.softplus(D.apply(G.apply(zD))))) as tf.Scalar,
      true,
      D.variables,
    )!;
    const lossG = optG.minimize(() => tf.mean(tf.softplus(tf.neg(D.apply(G.apply(zG))))) as tf.Scalar, true, G.variables)!;

    const fast = trainer.stepOn(batch);
    expect(fast.ok).toBe(true);
    expect(Math.abs(fast.lossD - lossD.dataSync()[0]) / lossD.dataSync()[0]).toBeLessThan(1e-5);
    expect(Math.abs(fast.lossG - lossG.dataSync()[0]) / lossG.dataSync()[0]).toBeLessThan(1e-5);
    expect(updateError(trainer.discriminator, D, beforeD)).toBeLessThan(1e-3);
    expect(updateError(trainer.generator, G, beforeG)).toBeLessThan(1e-3);
    tf.dispose([real, zD, zG, lossD, lossG]);
    optG.dispose();
    optD.dispose();
    G.dispose();
    D.dispose();
  });

  it('runs the reference workload with finite losses', () => {
    const trainer = new FastGanTrainer(kernels, { seed: 3 });
    for (let i = 0; i < 100; i++) expect(trainer.step().ok).toBe(true);
    expect(trainer.sample(10).every(Number.isFinite)).toBe(true);
  });
});
