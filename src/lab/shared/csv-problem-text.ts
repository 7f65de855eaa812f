/**
 * The reader's sentence for a refused CSV file, in either language: one wording for the lab and
 * the arena, which load files by the same rules (csv.ts).
 */
import type { Lang } from '../../lib/i18n';
import type { CsvProblem } from './csv';
import { w } from './reader-words';

export function csvProblemText(p: CsvProblem, lang: Lang): string {
  switch (p.kind) {
    case 'empty':
      return w('csvEmpty', lang);
    case 'too-many':
      return w('csvTooMany', lang, { rows: p.rows, max: p.max });
    case 'not-two-numbers':
      return w('csvNotNumbers', lang, { row: p.row, text: p.text });
    case 'outside':
      return w('csvOutside', lang, { row: p.row, text: p.text });
  }
}
