import { describe, expect, it } from 'vitest';
import { csvToPoints, pointsToCsv, type CsvProblem } from '../../../src/lab/shared/csv';
import { csvProblemText } from '../../../src/lab/shared/csv-problem-text';

describe('lab CSV', () => {
  it('round-trips points through a download and an upload', () => {
    const pts = Float32Array.from([0.5, -1.25, 3, 2.5, -3.9, 0]);
    const back = csvToPoints(pointsToCsv(pts), 300);
    expect(back.ok).toBe(true);
    if (back.ok) expect([...back.points]).toEqual([...pts]);
  });

  it('accepts a header, blank lines, comments, semicolons, tabs and spaces', () => {
    const r = csvToPoints('\uFEFFx;y\n\n# mine\n1;2\n-1\t-2\n0.5 .25\n1e-1,2E0\r\n', 300);
    expect(r.ok && [...r.points]).toEqual([1, 2, -1, -2, 0.5, 0.25, 0.1, 2].map(Math.fround));
  });

  it('refuses a file with a row that is not two numbers, naming the row', () => {
    const r = csvToPoints('x,y\n1,2\n3,abc\n4,1\n', 300);
    expect(r).toEqual({ ok: false, problem: { kind: 'not-two-numbers', row: 3, text: '\u20683,abc\u2069' } });
    expect(csvToPoints('1,2\n1,2,3\n', 300)).toMatchObject({ ok: false, problem: { row: 2 } });
    // A text line after the data is not a header.
    expect(csvToPoints('1,2\nx,y\n', 300)).toMatchObject({ ok: false, problem: { kind: 'not-two-numbers', row: 2 } });
    expect(csvToPoints('1,NaN\n', 300)).toMatchObject({ ok: false, problem: { row: 1 } });
    expect(csvToPoints('1,Infinity\n', 300)).toMatchObject({ ok: false, problem: { row: 1 } });
  });

  it('refuses points outside the frame, too many points and an empty file', () => {
    expect(csvToPoints('0,0\n0,4.5\n', 300)).toEqual({ ok: false, problem: { kind: 'outside', row: 2, text: '\u20680,4.5\u2069' } });
    expect(csvToPoints('1,1\n2,2\n3,3\n', 2)).toEqual({ ok: false, problem: { kind: 'too-many', rows: 3, max: 2 } });
    expect(csvToPoints('x,y\n\n', 300)).toEqual({ ok: false, problem: { kind: 'empty' } });
  });
  it('turns every refusal into a reader sentence in both languages, never a raw code', () => {
    const problems: CsvProblem[] = [
      { kind: 'empty' },
      { kind: 'too-many', rows: 3, max: 2 },
      { kind: 'not-two-numbers', row: 2, text: 'a,b' },
      { kind: 'outside', row: 4, text: '0,9' },
    ];
    for (const p of problems) {
      for (const lang of ['ko', 'en'] as const) {
        const text = csvProblemText(p, lang);
        expect(text).not.toMatch(/not-two-numbers|too-many|^(empty|outside)$/);
        expect(text.length).toBeGreaterThan(15);
        expect(text).not.toMatch(/\{\w+\}/);
        if ('row' in p) expect(text).toContain(String(p.row));
      }
    }
    expect(csvProblemText({ kind: 'too-many', rows: 3, max: 2 }, 'en')).toContain('3 points');
  });
});
