/**
 * The notice a widget shows when a link carried values it did not use as given. Every key and
 * value quoted from the link goes through quoteReaderText (reader-text.ts): no control or
 * bidirectional character of the reader's reaches the page, and nothing is cut inside a character.
 */
import type { Family } from '../../models/types';
import { L, translate, type Label, type Lang } from '../../lib/i18n';
import { quoteReaderText } from './reader-text';
import { settingFor, type Setting, type Value } from './settings';
import type { Ignored, NoticeReason } from './url-codec';

export const reasonText: Record<Exclude<NoticeReason, 'too-many-points' | 'clamped'>, Label> = {
  'unknown-setting': L('알 수 없는 설정', 'unknown setting'),
  'not-a-number': L('숫자가 아님', 'not a number'),
  'out-of-range': L('허용 범위 밖', 'out of range'),
  'not-an-integer': L('정수가 아님', 'not a whole number'),
  'not-an-option': L('선택지에 없음', 'not one of the choices'),
  'bad-points': L('점 목록을 읽을 수 없음', 'unreadable list of points'),
  repeated: L('같은 설정이 여러 번 주어짐', 'given more than once'),
};

export const noticeText = {
  tooManyPoints: L('점이 너무 많음: {count}개 (최대 {max}개)', 'too many points: {count} (limit {max})'),
  clamped: L('{bound} 값 {limit}보다 큼', 'more than {bound}, {limit}'),
  usingDefault: L('기본값 {value} 사용', 'using the default, {value}'),
  usingLastValid: L('마지막으로 주어진 올바른 값 {value} 사용', 'using the last valid value given, {value}'),
  using: L('{value} 사용', 'using {value}'),
  more: L('… 그 밖에 {count}개', '… and {count} more'),
  on: L('켬', 'on'),
  off: L('끔', 'off'),
  noPoints: L('없음', 'none'),
  points: L('점 {count}개', '{count} points'),
};

/** At most this many lines: a hostile link may repeat a key ten thousand times. */
export const MAX_NOTICE_LINES = 12;

/** A setting's value in words, in the page's language (a choice by its label). */
function describeValue(setting: Setting, value: Value, lang: Lang): string {
  switch (setting.kind) {
    case 'number':
      return String(value);
    case 'choice':
      return setting.options.find((o) => o.value === value)?.label[lang] ?? String(value);
    case 'boolean':
      return (value ? noticeText.on : noticeText.off)[lang];
    case 'points': {
      const count = value instanceof Float32Array ? value.length / 2 : 0;
      return count === 0 ? noticeText.noPoints[lang] : translate(noticeText.points, lang, { count });
    }
  }
}

function why(family: Family, setting: Setting | undefined, item: Ignored, lang: Lang): string {
  if (item.reason === 'too-many-points') {
    // Only well-formed text gets this reason: four characters per point.
    const max = setting?.kind === 'points' ? setting.maxPoints : NaN;
    return translate(noticeText.tooManyPoints, lang, { count: item.raw.length / 4, max });
  }
  if (item.reason === 'clamped') {
    const bound = item.bound ? settingFor(family, item.bound) : undefined;
    const limit = item.using !== undefined && setting ? describeValue(setting, item.using, lang) : '';
    return translate(noticeText.clamped, lang, { bound: bound ? bound.label[lang] : String(item.bound), limit });
  }
  return reasonText[item.reason][lang];
}

function instead(setting: Setting | undefined, item: Ignored, lang: Lang): string {
  if (!setting || item.using === undefined) return '';
  const value = describeValue(setting, item.using, lang);
  const label = item.source === 'default' ? noticeText.usingDefault : item.source === 'last-valid' ? noticeText.usingLastValid : noticeText.using;
  return `; ${translate(label, lang, { value })}`;
}

/**
 * One line per value not used as given, in the page's language, e.g.
 * "Learning rate = “abc” (not a number; using the default, 0.001)"; past MAX_NOTICE_LINES, one
 * line counting the rest.
 */
export function describeIgnored(family: Family, ignored: readonly Ignored[], lang: Lang): string[] {
  const lines = ignored.slice(0, MAX_NOTICE_LINES).map((item) => {
    const setting = settingFor(family, item.key);
    const name = setting ? setting.label[lang] : quoteReaderText(item.key);
    return `${name} = “${quoteReaderText(item.raw)}” (${why(family, setting, item, lang)}${instead(setting, item, lang)})`;
  });
  if (ignored.length > MAX_NOTICE_LINES) lines.push(translate(noticeText.more, lang, { count: ignored.length - MAX_NOTICE_LINES }));
  return lines;
}
