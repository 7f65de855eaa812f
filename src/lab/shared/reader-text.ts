/**
 * Text a reader supplied (a value or key from a link, a line of a loaded file), made safe to quote
 * inside one of the widget's own sentences. The page sets it as textContent, so nothing can be
 * injected; what remains is text that changes how the sentence around it reads:
 * - bidirectional controls (U+202A–U+202E embeddings and overrides, U+2066–U+2069 isolates,
 *   U+200E/U+200F marks, U+061C the Arabic letter mark): a right-to-left override in a value
 *   would reverse the rest of the line;
 * - other control characters (C0, DEL, C1) and the line and paragraph separators, which break or
 *   hide parts of a line, and lone surrogates (half an emoji), which render as garbage.
 * Each becomes U+FFFD, so the reader sees that something was there. The text is then cut by whole
 * characters (never half a surrogate pair, nor a base letter without its accents or an emoji
 * without its modifiers) and wrapped in a first-strong isolate (U+2068 … U+2069), so that even
 * right-to-left letters inside it cannot reorder the sentence around it (Unicode UAX #9, X5c).
 * No DOM: runs on the page and in Node tests.
 */

const REPLACEMENT = '\uFFFD';
const FIRST_STRONG_ISOLATE = '\u2068';
const POP_DIRECTIONAL_ISOLATE = '\u2069';

/** True for a code point that must not reach the page from a reader's text (see above). */
export function isUnsafeCodePoint(cp: number): boolean {
  return (
    cp <= 0x1f ||
    (cp >= 0x7f && cp <= 0x9f) ||
    cp === 0x061c ||
    cp === 0x200e ||
    cp === 0x200f ||
    (cp >= 0x202a && cp <= 0x202e) ||
    (cp >= 0x2066 && cp <= 0x2069) ||
    cp === 0x2028 ||
    cp === 0x2029 ||
    // A lone surrogate: a string iterator yields a paired one as a single code point above 0xFFFF.
    (cp >= 0xd800 && cp <= 0xdfff)
  );
}

/** `text` with every unsafe code point replaced by U+FFFD (same number of code points). */
export function neutralise(text: string): string {
  let out = '';
  for (const ch of text) out += isUnsafeCodePoint(ch.codePointAt(0) ?? 0) ? REPLACEMENT : ch;
  return out;
}

const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/**
 * At most `maxChars` user-perceived characters of `text` (grapheme clusters where the platform
 * segments them, else code points) and at most `maxCodePoints` code points in all (a cluster of
 * a letter with thousands of combining marks is one character), with '…' when anything was cut.
 * Only the first `maxCodePoints + 1` code points are ever read, so a 200,000-character value
 * costs no more than a short one.
 */
export function clipText(text: string, maxChars: number, maxCodePoints = 4 * maxChars): string {
  let head = '';
  let codePoints = 0;
  let more = false;
  for (const ch of text) {
    if (codePoints === maxCodePoints) {
      more = true;
      break;
    }
    head += ch;
    codePoints++;
  }
  const pieces = segmenter ? Array.from(segmenter.segment(head), (s) => s.segment) : Array.from(head);
  let out = '';
  let taken = 0;
  for (const piece of pieces) {
    if (taken === maxChars) {
      more = true;
      break;
    }
    out += piece;
    taken++;
  }
  if (more && segmenter && out === head && taken > 1) {
    // The code-point cap may have cut inside the last cluster (an emoji without its modifier):
    // drop that cluster. A lone giant cluster (a letter under hundreds of accents) is kept cut.
    out = pieces.slice(0, taken - 1).join('');
  }
  return more ? `${out}…` : out;
}

/** A reader's text as quoted in a notice: neutralised, clipped to `maxChars`, isolated. */
export function quoteReaderText(text: string, maxChars = 24): string {
  return FIRST_STRONG_ISOLATE + neutralise(clipText(text, maxChars)) + POP_DIRECTIONAL_ISOLATE;
}
