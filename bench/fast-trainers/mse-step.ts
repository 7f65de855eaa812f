import type { FastAdam, FastStepResult } from './fast-adam';
import type { FastMlp } from '../../src/models/fast/fast-mlp';

export type { FastStepResult };

/**
 * One regression step of a network whose n input rows were already written through
 * net.inputBuffer(n): L = mean over the n rows and the d outputs of (f(x) − y)², backward, then
 * Adam. `target` holds y interleaved, [n × d]. dL/df = 2(f − y)/(n d). The update is skipped when
 * the loss or a gradient is not finite. This is the DDPM ε-prediction loss (Ho et al. 2020, eq. 14).
 */
export function mseStep(net: FastMlp, n: number, target: Float32Array, adam: FastAdam): FastStepResult {
  net.forwardInPlace(null, n);
  const out = net.outputBuffer();
  const dOut = net.outputGradBuffer();
  const d = net.sizes[net.sizes.length - 1];
  const os = out.stride;
  const scale = 2 / (n * d);
  let sum = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < d; j++) {
      const e = out.data[i * os + j] - target[i * d + j];
      sum += e * e;
      dOut.data[i * os + j] = scale * e;
    }
  }
  const loss = sum / (n * d);
  if (!Number.isFinite(loss)) return { ok: false, loss, lossFinite: false };
  net.backward(null);
  return { ok: adam.step(net), loss, lossFinite: true };
}
