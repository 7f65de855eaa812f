// Article post-processing on the HTML tree (runs after rehype-katex):
//  - gives every h2–h6 a stable id (github-style slug of its visible text) and appends an anchor
//    link `<a class="heading-anchor" href="#id">` (astro assigns ids only after user plugins,
//    so we assign them here and astro keeps ours);
//  - records the h2/h3 outline as `toc` in the page's frontmatter (`remarkPluginFrontmatter`),
//    with clean text even when a heading holds math: the layout builds the TOC and the
//    language-switch map (section i of one edition ↔ section i of the other) from it;
//  - makes display math keyboard-scrollable (it scrolls sideways on phones) and localises the
//    GFM footnote labels of Korean articles.

/** github-slugger's rule, simplified: lower case, drop punctuation, spaces to hyphens. */
export function slugify(text) {
  return text
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{M}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** The class names of a hast element. */
export function classList(node) {
  const c = node.properties?.className;
  return Array.isArray(c) ? c.map(String) : typeof c === 'string' ? c.split(/\s+/) : [];
}

/** Visible text of a node: skips KaTeX's MathML copy (the HTML copy carries the glyphs). */
export function visibleText(node) {
  if (node.type === 'text') return node.value;
  if (node.type === 'element' && classList(node).includes('katex-mathml')) return '';
  if (!Array.isArray(node.children)) return '';
  return node.children.map(visibleText).join('');
}

function walk(node, fn, parent = null) {
  fn(node, parent);
  if (Array.isArray(node.children)) for (const child of node.children) walk(child, fn, node);
}

function languageOf(file) {
  const path = (file.path ?? file.history?.[0] ?? '').replace(/\\/g, '/');
  const m = /\/(ko|en)\/[^/]+\.mdx?$/.exec(path);
  return m ? m[1] : 'en';
}

const LABELS = {
  en: { anchor: (t) => `Link to the section “${t}”`, footnotes: 'Footnotes', back: (n) => `Back to reference ${n}` },
  ko: { anchor: (t) => `“${t}” 절로 가는 링크`, footnotes: '각주', back: (n) => `본문의 ${n}번 각주 위치로 돌아가기` },
};

export function rehypeArticleHeadings() {
  return (tree, file) => {
    const lang = languageOf(file);
    const labels = LABELS[lang];
    const used = new Map();
    const toc = [];

    const unique = (slug) => {
      const base = slug || 'section';
      const n = used.get(base) ?? 0;
      used.set(base, n + 1);
      return n === 0 ? base : `${base}-${n}`;
    };

    walk(tree, (node) => {
      if (node.type !== 'element') return;
      const classes = classList(node);

      if (classes.includes('katex-display')) {
        node.properties.tabIndex = 0;
        return;
      }
      if (node.properties?.dataFootnoteBackref !== undefined && lang !== 'en') {
        const label = String(node.properties.ariaLabel ?? '');
        const n = /(\d+(?:-\d+)?)$/.exec(label)?.[1] ?? '';
        node.properties.ariaLabel = labels.back(n);
        return;
      }

      const m = /^h([2-6])$/.exec(node.tagName);
      if (!m) return;
      node.properties ??= {};
      if (node.properties.id === 'footnote-label') {
        node.children = [{ type: 'text', value: labels.footnotes }];
        return;
      }
      const depth = Number(m[1]);
      const text = visibleText(node).replace(/[\u200b-\u200d\ufeff]/g, '').replace(/\s+/g, ' ').trim();
      const id = typeof node.properties.id === 'string' ? node.properties.id : unique(slugify(text));
      node.properties.id = id;
      if (depth <= 3) toc.push({ depth, id, text });
      node.children.push({
        type: 'element',
        tagName: 'a',
        properties: { className: ['heading-anchor'], href: `#${id}`, ariaLabel: labels.anchor(text) },
        children: [],
      });
    });

    file.data.astro ??= {};
    file.data.astro.frontmatter ??= {};
    file.data.astro.frontmatter.toc = toc;
  };
}
