// Fails the build on a Korean article that uses a word the glossary (src/lib/glossary.mjs) marks
// as replaced, naming the file, the line and the word to use instead: the articles once said 잡음
// and 걸음 where the labs say 노이즈 and 스텝. Only prose is read (not code, math or attributes).
import { SKIP, visit } from 'unist-util-visit';
import { replacedWords } from './glossary.mjs';

/** Whether the file is a Korean article (content/ko/…). */
const isKorean = (path) => /(^|[\\/])content[\\/]ko[\\/]/.test(String(path ?? ''));

const notProse = new Set(['code', 'inlineCode', 'math', 'inlineMath']);

export function remarkGlossaryWords() {
  return (tree, file) => {
    if (!isKorean(file.path ?? file.history?.[0])) return;
    const problems = [];
    visit(tree, (node) => {
      if (notProse.has(node.type)) return SKIP;
      if (node.type !== 'text') return;
      for (const r of replacedWords(node.value)) {
        const line = (node.position?.start.line ?? 1) + r.line - 1;
        problems.push(`line ${line}: “${r.word}” → use “${r.use}” (src/lib/glossary.mjs)`);
      }
    });
    if (problems.length) throw new Error(`${file.path}: words the glossary replaces:\n  ${problems.join('\n  ')}`);
  };
}
