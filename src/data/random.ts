/**
 * A small seeded random number generator, so that every dataset, initialisation and training run
 * is reproducible from one integer. mulberry32 (Tommy Ettinger's 32-bit generator) for uniforms,
 * Box–Muller for normals, Marsaglia–Tsang (2000) for Gamma variates.
 */
export interface Rng {
  /** Uniform on [0, 1). */
  uniform(): number;
  /** Standard normal N(0, 1). */
  normal(): number;
  /** Gamma(shape k, scale 1), k > 0. */
  gamma(shape: number): number;
  /** An integer in [0, n). */
  int(n: number): number;
  /** A fresh 32-bit seed drawn from this stream (for seeding tfjs ops). */
  seed(): number;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  let spareNormal: number | null = null;

  const uniform = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };

  const normal = (): number => {
    if (spareNormal !== null) {
      const z = spareNormal;
      spareNormal = null;
      return z;
    }
    // Box–Muller: two uniforms give two independent normals; keep the second for the next call.
    let u = uniform();
    while (u <= Number.EPSILON) u = uniform();
    const v = uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    spareNormal = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  };

  const gamma = (shape: number): number => {
    if (!(shape > 0)) throw new Error(`gamma shape must be positive, got ${shape}`);
    // Marsaglia & Tsang (2000); for k < 1 use Gamma(k) = Gamma(k + 1) · U^(1/k).
    if (shape < 1) return gamma(shape + 1) * Math.pow(uniform(), 1 / shape);
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
    }
  };

  return {
    uniform,
    normal,
    gamma,
    int: (n) => Math.floor(uniform() * n),
    seed: () => Math.floor(uniform() * 4294967296) >>> 0,
  };
}
