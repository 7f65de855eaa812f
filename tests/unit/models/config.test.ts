import { describe, expect, it } from 'vitest';
import {
  ConfigError, commonDefaults, intInRange, mergeConfig, numberInRange, oneOf, positiveInt, positiveNumber, validateCommon,
} from '../../../src/models/config';

describe('common config', () => {
  it('has the stated defaults, and they validate', () => {
    expect(commonDefaults).toEqual({ dim: 2, hidden: 64, depth: 2, learningRate: 1e-3, seed: 1, batchSize: 256 });
    expect(() => validateCommon(commonDefaults)).not.toThrow();
  });

  it.each([
    [{ hidden: 0 }, /hidden must be an integer from 1 to 2048; got 0/],
    [{ hidden: -4 }, /hidden must be .*got -4/],
    [{ hidden: 2.5 }, /hidden must be .*got 2.5/],
    [{ depth: 0 }, /depth must be an integer from 1 to 16; got 0/],
    [{ dim: 0 }, /dim must be/],
    [{ learningRate: -0.1 }, /learningRate must be a finite number greater than 0; got -0.1/],
    [{ learningRate: 0 }, /learningRate must be .* greater than 0; got 0/],
    [{ learningRate: NaN }, /learningRate must be .*got NaN/],
    [{ learningRate: Infinity }, /learningRate must be .*got Infinity/],
    [{ seed: -1 }, /seed must be an integer from 0 to 4294967295; got -1/],
    [{ seed: 1.5 }, /seed must be/],
    [{ batchSize: 0 }, /batchSize must be/],
    [{ batchSize: '256' }, /batchSize must be .*got "256"/],
  ] as const)('rejects %o with a clear message', (patch, message) => {
    const c = { ...commonDefaults, ...patch } as unknown as typeof commonDefaults;
    expect(() => validateCommon(c)).toThrow(ConfigError);
    expect(() => validateCommon(c)).toThrow(message);
  });

  it('accepts a large learning rate (divergence is detected in training, not here)', () => {
    expect(() => validateCommon({ ...commonDefaults, learningRate: 10 })).not.toThrow();
  });
});

describe('helpers for family fields', () => {
  it('positiveInt', () => {
    expect(positiveInt('steps', 3)).toBe(3);
    expect(() => positiveInt('steps', 0)).toThrow('steps must be a positive integer (≥ 1); got 0.');
    expect(() => positiveInt('bins', 500, 256)).toThrow('bins must be an integer from 1 to 256; got 500.');
  });
  it('positiveNumber', () => {
    expect(positiveNumber('beta', 0.5)).toBe(0.5);
    expect(() => positiveNumber('beta', 0)).toThrow(ConfigError);
    expect(() => positiveNumber('beta', 2, 1)).toThrow('beta must be a number in (0, 1]; got 2.');
  });
  it('intInRange and numberInRange', () => {
    expect(intInRange('k', 0, 0, 3)).toBe(0);
    expect(() => intInRange('k', 4, 0, 3)).toThrow('k must be an integer from 0 to 3; got 4.');
    expect(numberInRange('p', 0, 0, 1)).toBe(0);
    expect(() => numberInRange('p', -0.1, 0, 1)).toThrow('p must be a number from 0 to 1; got -0.1.');
  });
  it('oneOf', () => {
    expect(oneOf('schedule', 'cosine', ['linear', 'cosine'] as const)).toBe('cosine');
    expect(() => oneOf('schedule', 'cosin', ['linear', 'cosine'])).toThrow(
      'schedule must be one of "linear", "cosine"; got "cosin".',
    );
  });
  it('mergeConfig fills defaults and rejects unknown fields', () => {
    expect(mergeConfig(commonDefaults, { hidden: 32 }, 'vae')).toEqual({ ...commonDefaults, hidden: 32 });
    expect(() => mergeConfig(commonDefaults, { learningrate: 1 } as never, 'vae')).toThrow(
      /vae config has no field "learningrate"/,
    );
  });
});
