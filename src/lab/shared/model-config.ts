import type { Family } from '../../models/types';
import { settingsFor, type ConfigKey, type Values } from './settings';

/**
 * The fields of a family's model config that the widget's settings fill. Each key is checked at
 * compile time against the family's config (settings.ts ConfigKey); each value is a validated
 * number or choice, and createModel validates the whole config again (a ConfigError names the field).
 */
export type SettingsConfig<F extends Family> = Partial<Record<ConfigKey<F>, number | string>>;

/** The settings that configure the model, as a config object for createModel(family, config). */
export function modelConfig<F extends Family>(family: F, values: Values): SettingsConfig<F> {
  const out: SettingsConfig<F> = {};
  for (const s of settingsFor(family)) {
    const value = values[s.key];
    if (!s.configKey || (typeof value !== 'number' && typeof value !== 'string')) continue;
    const keys: readonly ConfigKey<F>[] = typeof s.configKey === 'string' ? [s.configKey] : s.configKey;
    for (const k of keys) out[k] = value;
  }
  return out;
}

