/** The notice a widget shows when a link carried values it could not use. */
import type { Family } from '../../models/types';
import { L, type Label, type Lang } from '../../lib/i18n';
import { settingFor, type Setting } from './settings';
import type { Ignored } from './url-codec';
import type { IgnoredReason } from './value-codec';

const reasonText: Record<IgnoredReason, Label> = {
  'unknown-setting': L('알 수 없는 설정', 'unknown setting'),
  'not-a-number': L('숫자가 아님', 'not a number'),
  'out-of-range': L('허용 범위 밖', 'out of range'),
  'not-an-integer': L('정수가 아님', 'not a whole number'),
  'not-an-option': L('선택지에 없음', 'not one of the choices'),
  'bad-points': L('점 목록을 읽을 수 없음', 'unreadable list of points'),
};

function describeDefault(setting: Setting | undefined, lang: Lang): string {
  if (!setting) return '';
  switch (setting.kind) {
    case 'number':
      return String(setting.default);
    case 'choice':
      return setting.options.find((o) => o.value === setting.default)?.label[lang] ?? setting.default;
    case 'boolean':
      return setting.default ? (lang === 'ko' ? '켬' : 'on') : lang === 'ko' ? '끔' : 'off';
    case 'points':
      return lang === 'ko' ? '없음' : 'none';
  }
}

/** One line per ignored value, in the page's language: "Learning rate = abc (not a number; using 0.001)". */
export function describeIgnored(family: Family, ignored: readonly Ignored[], lang: Lang): string[] {
  return ignored.map(({ key, raw, reason }) => {
    const setting = settingFor(family, key);
    const name = setting ? setting.label[lang] : key;
    const shown = raw.length > 24 ? `${raw.slice(0, 24)}…` : raw;
    const fallback = setting
      ? lang === 'ko'
        ? `; 기본값 ${describeDefault(setting, lang)} 사용`
        : `; using the default, ${describeDefault(setting, lang)}`
      : '';
    return `${name} = “${shown}” (${reasonText[reason][lang]}${fallback})`;
  });
}
