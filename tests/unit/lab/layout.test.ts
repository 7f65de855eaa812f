import { describe, expect, it } from 'vitest';
import { advancedGroup, placeOf, primaryKeys } from '../../../src/lab/shared/layout';
import { settingsFor } from '../../../src/lab/shared/settings';
import { families } from '../../../src/models/index';

describe('where each lab setting goes', () => {
  it('each family’s main choice is a setting of that family, and engineering settings are under Advanced', () => {
    for (const family of families) {
      const keys = settingsFor(family).map((s) => s.key);
      for (const k of primaryKeys[family]) expect(keys, `${family}.${k}`).toContain(k);
      const place = (key: string) => {
        const s = settingsFor(family).find((x) => x.key === key);
        if (!s) throw new Error(`${family} has no ${key}`);
        return placeOf(family, s);
      };
      expect(place('dataset')).toBe('data');
      for (const k of ['seed', 'backend', 'lr', 'width', 'speed']) expect(place(k), `${family}.${k}`).toBe('advanced');
      if (keys.includes('trainer')) expect(place('trainer')).toBe('advanced');
      for (const s of settingsFor(family)) {
        if (s.effect === 'view') expect(placeOf(family, s), `${family}.${s.key}`).toBe('view');
        if (placeOf(family, s) === 'advanced') expect(['model', 'training']).toContain(advancedGroup(s));
      }
    }
  });
});
