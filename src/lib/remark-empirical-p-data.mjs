// Fails the build on a formula that averages over the training set and writes p_data without a
// hat. The series' convention (map article, Notation): p_data is the true distribution, which no
// finite sum reaches; an average (1/N) Σ over the N training points is an average under the
// empirical distribution, \hat p_{\text{data}}. Only this certain case is checked mechanically:
// the sum and an unhatted p_data on one line of a formula.
import { visit } from 'unist-util-visit';

const EMPIRICAL_SUM = /\\frac\s*\{\s*1\s*\}\s*\{\s*N\s*\}\s*\\sum/;
/** p_{\text{data}} not preceded by \hat (with or without braces or a space). */
const UNHATTED = /(?<!\\hat\s*\{?\s*)p_\{?\\text\{data\}\}?/;

export function remarkEmpiricalPData() {
  return (tree, file) => {
    const problems = [];
    visit(tree, (node) => {
      if (node.type !== 'math' && node.type !== 'inlineMath') return;
      // Line by line: a display may set the true KL beside its empirical estimate on the next line.
      const first = (node.position?.start.line ?? 0) + (node.type === 'math' ? 1 : 0);
      node.value.split('\n').forEach((text, i) => {
        if (EMPIRICAL_SUM.test(text) && UNHATTED.test(text)) problems.push(`line ${first + i}`);
      });
    });
    if (problems.length) {
      throw new Error(
        `${file.path}: ${problems.join('; ')}: p_{\\text{data}} in a formula that averages over the training set ((1/N) Σ); ` +
          'that average is under the empirical distribution, \\hat p_{\\text{data}} (see the map article\'s notation)',
      );
    }
  };
}
