/**
 * The configuration every family shares, and the checks that keep a bad value (from a URL, a
 * slider, a test) from reaching a model: each failure is a ConfigError naming the field, the
 * value and the allowed range. Families validate their own extra fields with the same helpers.
 */
export interface CommonConfig {
  /** Dimension of the data (2 for the toy sets). */
  dim: number;
  /** Units per hidden layer of the family's networks. */
  hidden: number;
  /** Number of hidden layers. */
  depth: number;
  /** Adam step size. */
  learningRate: number;
  /** Seed of the model's initialisation and its own sampling noise. */
  seed: number;
  /** Points per training step. */
  batchSize: number;
}

export const commonDefaults: CommonConfig = Object.freeze({
  dim: 2,
  hidden: 64,
  depth: 2,
  learningRate: 1e-3,
  seed: 1,
  batchSize: 256,
});

/** Upper limits that keep a browser tab alive; generous for Node. */
export const commonLimits = Object.freeze({
  dim: 4096,
  hidden: 2048,
  depth: 16,
  batchSize: 65536,
});

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean' || v === null || v === undefined) return String(v);
  try {
    return JSON.stringify(v);
  } catch {
    return String(v);
  }
}

/** An integer in [1, max]; returns it. */
export function positiveInt(name: string, v: unknown, max = Number.MAX_SAFE_INTEGER): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < 1 || v > max) {
    const range = max === Number.MAX_SAFE_INTEGER ? 'a positive integer (≥ 1)' : `an integer from 1 to ${max}`;
    throw new ConfigError(`${name} must be ${range}; got ${show(v)}.`);
  }
  return v;
}

/** An integer in [min, max]; returns it. */
export function intInRange(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}; got ${show(v)}.`);
  }
  return v;
}

/** A finite number > 0 (and ≤ max when given); returns it. */
export function positiveNumber(name: string, v: unknown, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0 || v > max) {
    const range = max === Infinity ? 'a finite number greater than 0' : `a number in (0, ${max}]`;
    throw new ConfigError(`${name} must be ${range}; got ${show(v)}.`);
  }
  return v;
}

/** A finite number in [min, max]; returns it. */
export function numberInRange(name: string, v: unknown, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
    throw new ConfigError(`${name} must be a number from ${min} to ${max}; got ${show(v)}.`);
  }
  return v;
}

/** One of the listed options; returns it. */
export function oneOf<T extends string>(name: string, v: unknown, options: readonly T[]): T {
  if (typeof v !== 'string' || !(options as readonly string[]).includes(v)) {
    throw new ConfigError(`${name} must be one of ${options.map((o) => `"${o}"`).join(', ')}; got ${show(v)}.`);
  }
  return v as T;
}

/** Throws a ConfigError on the first invalid field of the common configuration. */
export function validateCommon(c: CommonConfig): void {
  if (typeof c !== 'object' || c === null) throw new ConfigError(`config must be an object; got ${show(c)}.`);
  positiveInt('dim', c.dim, commonLimits.dim);
  positiveInt('hidden', c.hidden, commonLimits.hidden);
  positiveInt('depth', c.depth, commonLimits.depth);
  positiveNumber('learningRate', c.learningRate);
  if (typeof c.seed !== 'number' || !Number.isInteger(c.seed) || c.seed < 0 || c.seed > 0xffffffff) {
    throw new ConfigError(`seed must be an integer from 0 to 4294967295; got ${show(c.seed)}.`);
  }
  positiveInt('batchSize', c.batchSize, commonLimits.batchSize);
}

/**
 * Merge a partial config over defaults, rejecting names that no field has (a typo such as
 * `learningrate` would otherwise be silently ignored). The defaults' keys are the accepted fields.
 */
export function mergeConfig<T extends object>(defaults: T, partial: Partial<T> | undefined, family: string): T {
  const out = { ...defaults };
  if (partial === undefined) return out;
  if (typeof partial !== 'object' || partial === null) throw new ConfigError(`${family} config must be an object; got ${show(partial)}.`);
  for (const [key, value] of Object.entries(partial)) {
    if (!(key in defaults)) {
      throw new ConfigError(`${family} config has no field "${key}". Known fields: ${Object.keys(defaults).join(', ')}.`);
    }
    if (value !== undefined) (out as Record<string, unknown>)[key] = value;
  }
  return out;
}
