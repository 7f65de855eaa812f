// rehype-katex turns a formula it cannot parse into a red `.katex-error` span and only records a
// warning on the file. A typo in a formula must never ship, so this plugin (placed after
// rehype-katex) turns that warning into a build failure naming the file and the formula.
export function rehypeFailOnKatexError() {
  return (_tree, file) => {
    const bad = file.messages.find((m) => m.source === 'rehype-katex');
    if (bad) {
      const where = file.path ?? 'an MDX file';
      const line = bad.place && 'start' in bad.place ? bad.place.start.line : bad.place?.line;
      const detail = bad.cause instanceof Error ? bad.cause.message : bad.reason;
      file.fail(`KaTeX could not render a formula in ${where}${line ? ` (line ${line})` : ''}: ${detail}`, bad.place);
    }
  };
}
