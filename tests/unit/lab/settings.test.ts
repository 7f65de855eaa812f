import { describe, expect, it } from 'vitest';
import { families } from '../../../src/models/types';
import { modelConfig } from '../../../src/lab/shared/model-config';
import { describeIgnored } from '../../../src/lab/shared/notices';
import { L } from '../../../src/lib/i18n';
import { defaultValues, settingsFor, type NumberSetting, type Setting } from '../../../src/lab/shared/settings';
import { readUrl, writeUrl } from '../../../src/lab/shared/url-codec';
import { decodePoints, encodePoints, parseValue } from '../../../src/lab/shared/value-codec';

const page = 'https://example.github.io/generative-in-your-browser/en/gan/';

describe('lab settings table', () => {
  it('has unique keys and valid defaults for every family', () => {
    for (const family of families) {
      const keys = settingsFor(family).map((s) => s.key);
      expect(new Set(keys).size).toBe(keys.length);
      for (const s of settingsFor(family)) {
        if (s.kind === 'number') {
          expect(s.default, `${family}.${s.key}`).toBeGreaterThanOrEqual(s.min);
          expect(s.default, `${family}.${s.key}`).toBeLessThanOrEqual(s.max);
        }
        if (s.kind === 'choice') expect(s.options.map((o) => o.value)).toContain(s.default);
        expect(s.label.ko.length).toBeGreaterThan(0);
        expect(s.label.en.length).toBeGreaterThan(0);
      }
    }
  });

  it('round-trips every setting through the URL', () => {
    for (const family of families) {
      const values = defaultValues(family);
      for (const s of settingsFor(family)) {
        if (s.kind === 'number') values[s.key] = s.integer ? Math.floor((s.min + s.max) / 2) : s.max;
        if (s.kind === 'choice') values[s.key] = s.options[s.options.length - 1].value;
        if (s.kind === 'boolean') values[s.key] = !s.default;
        if (s.kind === 'points') values[s.key] = new Float32Array([0.5, -1.25, 3.98, 0]);
      }
      const url = writeUrl(family, family, values, new URL(page));
      const back = readUrl(family, family, url);
      expect(back.ignored).toEqual([]);
      for (const s of settingsFor(family)) {
        if (s.kind === 'points') {
          // Quantised to 1/50: within half a step of the original.
          const got = Array.from(back.values[s.key] as Float32Array);
          [0.5, -1.25, 3.98, 0].forEach((v, i) => expect(Math.abs(got[i] - v)).toBeLessThanOrEqual(0.0101));
        }
        else if (family === 'flow' && s.key === 'layer') expect(back.values.layer).toBe(Math.min(values.layer as number, values.layers as number));
        else if (family === 'diffusion' && (s.key === 't' || s.key === 'ddimSteps')) expect(back.values[s.key]).toBe(Math.min(values[s.key] as number, values.T as number));
        else expect(back.values[s.key], `${family}.${s.key}`).toEqual(values[s.key]);
      }
    }
  });

  it('writes only the values that differ from the defaults, and keeps other widgets’ keys', () => {
    const values = { ...defaultValues('gan'), lr: 0.0005 };
    const url = writeUrl('gan', 'gan', values, new URL(`${page}?vae.beta=2#section-3`));
    expect(url.searchParams.get('gan.lr')).toBe('0.0005');
    expect(url.searchParams.get('vae.beta')).toBe('2');
    expect([...url.searchParams.keys()].filter((k) => k.startsWith('gan.'))).toEqual(['gan.lr']);
    expect(url.hash).toBe('#section-3');
    expect(writeUrl('gan', 'gan', defaultValues('gan'), url).searchParams.has('gan.lr')).toBe(false);
  });

  it('reads Playground-style parameters from the hash too', () => {
    const { values, ignored } = readUrl('gan', 'gan', new URL(`${page}#gan.loss=hinge&gan.dSteps=3`));
    expect(ignored).toEqual([]);
    expect(values.loss).toBe('hinge');
    expect(values.dSteps).toBe(3);
  });

  it('falls back to the defaults for garbage, listing each ignored value', () => {
    const garbage = `${page}?gan.lr=abc&gan.width=99999&gan.seed=1.5&gan.loss=best&gan.speed=&gan.bogus=1&gan.arrows=maybe&gan.points=%%%&gan.dSteps=NaN&gan.lr2=Infinity`;
    const { values, ignored } = readUrl('gan', 'gan', new URL(garbage));
    expect(values).toEqual(defaultValues('gan'));
    const reasons = Object.fromEntries(ignored.map((i) => [i.key, i.reason]));
    expect(reasons).toEqual({
      lr: 'not-a-number',
      width: 'out-of-range',
      seed: 'not-an-integer',
      loss: 'not-an-option',
      speed: 'not-an-option',
      bogus: 'unknown-setting',
      arrows: 'not-an-option',
      points: 'bad-points',
      dSteps: 'not-a-number',
      lr2: 'unknown-setting',
    });
    const lines = describeIgnored('gan', ignored, 'en');
    expect(lines).toHaveLength(10);
    expect(lines[0]).toContain('Learning rate');
    expect(lines[0]).toContain('abc');
    expect(lines[0]).toContain('0.001');
    expect(describeIgnored('gan', ignored, 'ko')[0]).toContain('학습률');
  });

  it('ignores other widgets’ keys and values of a key prefix that merely starts alike', () => {
    const { values, ignored } = readUrl('gan', 'gan', new URL(`${page}?gan2.lr=5&vae.lr=0.1&gan.lr=0.01`));
    expect(ignored).toEqual([]);
    expect(values.lr).toBe(0.01);
  });

  it('never lets NaN, Infinity or hex through a number setting', () => {
    const lr = settingsFor('gan').find((s) => s.key === 'lr') as NumberSetting;
    for (const raw of ['NaN', 'Infinity', '-Infinity', '0x10', '', ' ', '1e', '--1', '1,5', '+']) {
      expect(parseValue(lr, raw).ok, raw).toBe(false);
    }
    expect(parseValue(lr, '1e-3')).toEqual({ ok: true, value: 0.001 });
    expect(parseValue(lr, '100')).toEqual({ ok: true, value: 100 });
    expect(parseValue(lr, '100.5').ok).toBe(false);
  });

  it('encodes drawn points compactly and rejects malformed text', () => {
    const pts = new Float32Array([-4, 4, 0, 0.02, 1.5, -2.5]);
    const text = encodePoints(pts);
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(text.length).toBe(12);
    expect(Array.from(decodePoints(text) ?? [])).toEqual(Array.from(pts).map((v) => Math.fround(v)));
    expect(decodePoints('abc')).toBeNull();
    expect(decodePoints('____')).toBeNull();
  });

  it('applies a widget’s own default overrides, and validates them', () => {
    const v = defaultValues('diffusion', { noise: 'gamma', dataset: 'rings', T: 'lots' });
    expect(v.noise).toBe('gamma');
    expect(v.dataset).toBe('rings');
    expect(v.T).toBe(100);
    const url = writeUrl('diffusion', 'd', v, new URL(page), { noise: 'gamma', dataset: 'rings' });
    expect([...url.searchParams.keys()]).toEqual([]);
  });

  it('builds model configs the families accept', async () => {
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-cpu');
    await tf.setBackend('cpu');
    const { createModel } = await import('../../../src/models/index');
    for (const family of families) {
      const model = createModel(family, modelConfig(family, defaultValues(family)));
      model.dispose();
    }
    expect(modelConfig('gan', { ...defaultValues('gan'), lr: 0.02 })).toMatchObject({ learningRate: 0.02, dLearningRate: 0.02 });
  });
});

describe('the table’s defaults follow the models’ own', () => {
  it('learning rate and width of every family, and the family settings the widget does not change on purpose', async () => {
    const [{ autoregressiveDefaults }, { vaeDefaults }, { flowDefaults }, { ebmDefaults }, { ganDefaults }, { diffusionDefaults }, { flowMatchingDefaults }] = await Promise.all([
      import('../../../src/models/autoregressive'),
      import('../../../src/models/vae'),
      import('../../../src/models/flow'),
      import('../../../src/models/ebm'),
      import('../../../src/models/gan'),
      import('../../../src/models/diffusion'),
      import('../../../src/models/flow-matching'),
    ]);
    const models = { autoregressive: autoregressiveDefaults, vae: vaeDefaults, flow: flowDefaults, ebm: ebmDefaults, gan: ganDefaults, diffusion: diffusionDefaults, 'flow-matching': flowMatchingDefaults };
    // Settings a widget deliberately opens with other than its model's default (none at present).
    const deliberate = new Set<string>();
    for (const family of families) {
      const config = modelConfig(family, defaultValues(family));
      for (const [key, value] of Object.entries(config)) {
        if (deliberate.has(`${family}.${key}`)) continue;
        expect(value, `${family}.${key}`).toEqual((models[family] as unknown as Record<string, unknown>)[key]);
      }
    }
  });
});

describe('the settings-to-config seam is typed', () => {
  it('a setting can only name a field of its family’s config (checked by tsc)', () => {
    const good: Setting<'gan'> = { key: 'k', kind: 'boolean', label: L('k', 'k'), effect: 'model', default: true, configKey: 'dLearningRate' };
    const bad: Setting<'vae'> = {
      key: 'k',
      kind: 'boolean',
      label: L('k', 'k'),
      effect: 'model',
      default: true,
      // @ts-expect-error the VAE has no discriminator, so no dLearningRate
      configKey: 'dLearningRate',
    };
    expect([good.configKey, bad.configKey]).toEqual(['dLearningRate', 'dLearningRate']);
  });
});
