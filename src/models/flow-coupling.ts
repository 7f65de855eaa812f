import type { Rng } from '../data/random';
import type { FlowConfig } from './flow';
import { createNetwork, type Network } from './network';
import { splineBackward, splineForward, splineParamCount, type SplinePoint } from './spline';
import { rationalQuadraticSplineInverse } from './spline-inverse';
import type { ModelRuntime } from './types';

/**
 * One coupling layer of the flow (./flow.ts) on plain arrays: rows of `dim` numbers, data side to
 * base side. Layer k keeps the coordinates j with (j + k) even and transforms the others, so
 * consecutive layers alternate (for d = 2: layer 0 moves x2 given x1, layer 1 moves x1 given x2).
 * Its network reads the kept coordinates and outputs P numbers per transformed coordinate:
 *   affine (P = 2): ŝ, t;  s = c·tanh(ŝ/c), y = x·exp(s) + t, log-derivative s;
 *   spline (P = 3K − 1): the spline's unnormalised parameters (./spline.ts).
 */
export interface Coupling {
  readonly net: Network;
  /** Training pass: y of n rows, adding each row's log|det| to logDet; remembers what backward needs. */
  forward(x: Float32Array, n: number, logDet: Float64Array): Float32Array;
  /**
   * Backward of the last forward: given dL/dy and dL/d(log|det|) (the same for every row), stores
   * the network's parameter gradients and returns dL/dx (through the transform, and through the
   * network's input for the kept coordinates, which feed it).
   */
  backward(gradY: Float32Array, gradLogDet: number): Float32Array;
  /** forward with the trained weights, without touching the training state (views, densities). */
  evaluate(x: Float32Array, n: number, logDet: Float64Array): Float32Array;
  /** x with forward(x) = y (sampling). */
  inverse(y: Float32Array, n: number): Float32Array;
}

export function createCouplings(cfg: FlowConfig, rng: Rng, runtime: ModelRuntime, prefix: string): Coupling[] {
  const layers: Coupling[] = [];
  for (let k = 0; k < cfg.layers; k++) layers.push(createCoupling(cfg, k, rng, runtime, `${prefix}/coupling${k}`));
  return layers;
}

function createCoupling(cfg: FlowConfig, layer: number, rng: Rng, runtime: ModelRuntime, name: string): Coupling {
  const { dim, bins: K, tailBound: B, maxLogScale: c } = cfg;
  const spline = cfg.coupling === 'spline';
  const P = spline ? splineParamCount(K) : 2;
  const kept: number[] = [];
  const free: number[] = [];
  for (let j = 0; j < dim; j++) ((j + layer) % 2 === 0 ? kept : free).push(j);
  const nFree = free.length;
  const net = createNetwork(
    {
      sizes: [kept.length, ...Array<number>(cfg.depth).fill(cfg.hidden), P * nFree],
      activation: 'relu',
      // The last layer starts at zero, so every coupling starts as the identity (as in Glow).
      lastLayerScale: 0,
      name,
      learningRate: cfg.learningRate,
      batchRows: cfg.batchSize,
    },
    rng,
    runtime,
  );
  const point: SplinePoint = { y: 0, logDeriv: 0 };

  function keptOf(x: Float32Array, n: number): Float32Array {
    const out = new Float32Array(n * kept.length);
    for (let i = 0; i < n; i++) for (let a = 0; a < kept.length; a++) out[i * kept.length + a] = x[i * dim + kept[a]];
    return out;
  }

  /** y = the layer applied to x given the network's output `params` [n × nFree × P]. */
  function transform(x: Float32Array, params: Float32Array, n: number, logDet: Float64Array): Float32Array {
    const y = x.slice();
    for (let i = 0; i < n; i++) {
      for (let b = 0; b < nFree; b++) {
        const e = i * dim + free[b];
        const at = (i * nFree + b) * P;
        if (spline) {
          splineForward(x[e], params, at, K, B, point);
          y[e] = point.y;
          logDet[i] += point.logDeriv;
        } else {
          const s = c * Math.tanh(params[at] / c);
          y[e] = x[e] * Math.exp(s) + params[at + 1];
          logDet[i] += s;
        }
      }
    }
    return y;
  }

  let lastX: Float32Array | null = null;
  let lastParams: Float32Array | null = null;
  let lastN = 0;

  return {
    net,

    forward(x, n, logDet) {
      lastX = x;
      lastN = n;
      lastParams = net.forward(keptOf(x, n), n);
      return transform(x, lastParams, n, logDet);
    },

    backward(gradY, gradLogDet) {
      if (!lastX || !lastParams) throw new Error(`${name}: backward before forward`);
      const x = lastX;
      const params = lastParams;
      const n = lastN;
      const gradX = gradY.slice();
      const gradParams = new Float32Array(n * nFree * P);
      for (let i = 0; i < n; i++) {
        for (let b = 0; b < nFree; b++) {
          const e = i * dim + free[b];
          const at = (i * nFree + b) * P;
          if (spline) {
            gradX[e] = splineBackward(x[e], params, at, K, B, gradY[e], gradLogDet, gradParams);
          } else {
            // s = c·tanh(ŝ/c): ds/dŝ = 1 − tanh²; y = x·eˢ + t; log-derivative s.
            const th = Math.tanh(params[at] / c);
            const es = Math.exp(c * th);
            gradX[e] = gradY[e] * es;
            gradParams[at] = (gradY[e] * x[e] * es + gradLogDet) * (1 - th * th);
            gradParams[at + 1] = gradY[e];
          }
        }
      }
      const gradKept = net.backward(gradParams, { inputGrad: true })!;
      for (let i = 0; i < n; i++) for (let a = 0; a < kept.length; a++) gradX[i * dim + kept[a]] += gradKept[i * kept.length + a];
      return gradX;
    },

    evaluate(x, n, logDet) {
      return transform(x, net.evaluate(keptOf(x, n), n, 'trained'), n, logDet);
    },

    inverse(y, n) {
      // The kept coordinates are unchanged, so the parameters are recomputed from y.
      const params = net.evaluate(keptOf(y, n), n, 'trained');
      const x = y.slice();
      if (spline) {
        const values = new Float32Array(n * nFree);
        for (let i = 0; i < n; i++) for (let b = 0; b < nFree; b++) values[i * nFree + b] = y[i * dim + free[b]];
        const moved = rationalQuadraticSplineInverse(values, params, K, B);
        for (let i = 0; i < n; i++) for (let b = 0; b < nFree; b++) x[i * dim + free[b]] = moved[i * nFree + b];
      } else {
        // x = (y − t)·exp(−s).
        for (let i = 0; i < n; i++) {
          for (let b = 0; b < nFree; b++) {
            const e = i * dim + free[b];
            const at = (i * nFree + b) * P;
            x[e] = (y[e] - params[at + 1]) * Math.exp(-c * Math.tanh(params[at] / c));
          }
        }
      }
      return x;
    },
  };
}
