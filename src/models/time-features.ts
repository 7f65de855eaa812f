/**
 * How a network that depends on time sees it (diffusion's ε_θ(x, t), flow matching's v_θ(x, t)):
 * `count` sinusoidal features sin(π 2^k u), cos(π 2^k u), k = 0 … count/2 − 1, of the time u
 * scaled to [0, 1] (Vaswani et al. 2017's position features, as Ho et al. feed t; low frequencies
 * tell early from late, high ones resolve nearby times).
 */
export function writeTimeFeatures(u: number, count: number, out: Float32Array, offset: number): void {
  const a = Math.PI * u;
  for (let k = 0; k < count / 2; k++) {
    out[offset + 2 * k] = Math.sin(a * 2 ** k);
    out[offset + 2 * k + 1] = Math.cos(a * 2 ** k);
  }
}
