// Fails the build on a <Figure> in an article without a non-empty alt text (the picture's text
// equivalent, src/components/Figure.astro), naming the file and the line.
import { visit } from 'unist-util-visit';

export function remarkFigureAlt() {
  return (tree, file) => {
    const problems = [];
    visit(tree, (node) => {
      if ((node.type !== 'mdxJsxFlowElement' && node.type !== 'mdxJsxTextElement') || node.name !== 'Figure') return;
      const alt = (node.attributes ?? []).find((a) => a.type === 'mdxJsxAttribute' && a.name === 'alt');
      const value = typeof alt?.value === 'string' ? alt.value : alt?.value ? 'expression' : '';
      if (!value.trim()) problems.push(`line ${node.position?.start.line ?? '?'}: <Figure> without alt text`);
    });
    if (problems.length) throw new Error(`${file.path}: ${problems.join('; ')} (every figure needs alt="…", what the picture shows)`);
  };
}
