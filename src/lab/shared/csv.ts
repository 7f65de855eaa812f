/**
 * Points as CSV, both ways: the samples a reader downloads, and a file a reader loads as data.
 * A loaded file is held to the rules of drawn points: two finite numbers per row, inside the
 * lab's frame, at most `maxPoints` rows. A file with any bad row is refused as a whole, and the
 * error names the first bad row (1-based, as a spreadsheet counts), so the reader can fix it.
 * No DOM: runs on the page and in Node tests.
 */
import { FRAME } from './protocol';
import { quoteReaderText } from './reader-text';
import { isDecimalNumber } from './value-codec';

export type CsvProblem =
  | { kind: 'empty' }
  | { kind: 'too-many'; rows: number; max: number }
  | { kind: 'not-two-numbers'; row: number; text: string }
  | { kind: 'outside'; row: number; text: string };

export type CsvResult = { ok: true; points: Float32Array } | { ok: false; problem: CsvProblem };

/** Interleaved points [x0, y0, x1, y1, …] as "x,y" lines under a header. */
export function pointsToCsv(points: Float32Array, digits = 4): string {
  const lines = ['x,y'];
  for (let i = 0; i + 1 < points.length; i += 2) lines.push(`${points[i].toFixed(digits)},${points[i + 1].toFixed(digits)}`);
  return `${lines.join('\n')}\n`;
}

/**
 * Parse "x,y" rows (commas, semicolons, tabs or spaces between the two numbers). Blank lines and
 * `#` comments are skipped; a first line that is not numbers is taken as a header.
 */
export function csvToPoints(text: string, maxPoints: number): CsvResult {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  const out: number[] = [];
  let dataRows = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (line === '' || line.startsWith('#')) continue;
    const cells = line.split(/\s*[,;\t]\s*|\s+/).filter((c) => c !== '');
    const numeric = cells.length === 2 && cells.every((c) => isDecimalNumber(c));
    if (!numeric) {
      if (dataRows === 0 && out.length === 0 && !cells.some((c) => isDecimalNumber(c))) continue; // a header
      return { ok: false, problem: { kind: 'not-two-numbers', row: i + 1, text: clip(line) } };
    }
    const x = Number(cells[0]);
    const y = Number(cells[1]);
    if (!(x > FRAME.min && x < FRAME.max && y > FRAME.min && y < FRAME.max)) {
      return { ok: false, problem: { kind: 'outside', row: i + 1, text: clip(line) } };
    }
    dataRows++;
    out.push(x, y);
  }
  if (dataRows === 0) return { ok: false, problem: { kind: 'empty' } };
  if (dataRows > maxPoints) return { ok: false, problem: { kind: 'too-many', rows: dataRows, max: maxPoints } };
  return { ok: true, points: Float32Array.from(out) };
}

/** A bad row as quoted in the error: no control or bidirectional characters, cut by whole characters, isolated. */
function clip(line: string): string {
  return quoteReaderText(line, 40);
}
