// Turns pandoc-style citations in the text, `[@ho-2020-ddpm]` or `[@a; @b]`, into numbered
// superscript links to the references section the layout renders from the frontmatter
// (`#ref-<id>`). Numbers follow the order of `references` in the frontmatter, so the list at the
// bottom reads 1, 2, 3… An id that is not in the frontmatter fails the build, naming the file.
//
// The frontmatter arrives on `file.data.astro.frontmatter` (astro's MDX pipeline sets it;
// scripts/check-content.mjs and the unit tests set it the same way).

/** `[@id]` or `[@id; @id2]`: ids are kebab-case (see src/content.config.ts). */
const CITATION = /\[(@[a-z0-9][a-z0-9-]*(?:\s*;\s*@[a-z0-9][a-z0-9-]*)*)\]/g;
/** Anything that starts like a citation but did not match one: a typo worth failing on. */
const MALFORMED = /\[@[^\]]*\]/;

/** @param {unknown} frontmatter */
export function referenceIds(frontmatter) {
  const refs = frontmatter && typeof frontmatter === 'object' ? /** @type {any} */ (frontmatter).references : undefined;
  return Array.isArray(refs) ? refs.map((r) => String(r?.id)) : [];
}

/** "Ho et al., 2020": a hover hint for a citation link. */
function shortLabel(ref) {
  if (!ref) return undefined;
  const authors = String(ref.authors ?? '').split(/,| and /).map((a) => a.trim()).filter(Boolean);
  const surname = (authors[0] ?? '').split(/\s+/).pop() ?? '';
  return `${surname}${authors.length > 1 ? ' et al.' : ''}, ${ref.year}`;
}

/** "Authors (year). Title. Venue.": the reference as the citation's preview card shows it. */
export function referenceText(ref) {
  if (!ref) return '';
  return [`${ref.authors} (${ref.year}).`, ref.title && `${ref.title}.`, ref.venue && `${ref.venue}.`].filter(Boolean).join(' ');
}

/** Depth-first walk over mdast nodes that can hold text; skips code and math. */
function walkText(node, visit) {
  if (!node || typeof node !== 'object') return;
  if (node.type === 'code' || node.type === 'inlineCode' || node.type === 'math' || node.type === 'inlineMath') return;
  if (!Array.isArray(node.children)) return;
  for (let i = 0; i < node.children.length; i++) {
    const child = node.children[i];
    if (child.type === 'text') {
      const replacement = visit(child);
      if (replacement) {
        node.children.splice(i, 1, ...replacement);
        i += replacement.length - 1;
      }
    } else {
      walkText(child, visit);
    }
  }
}

export function remarkCitations() {
  return (tree, file) => {
    const frontmatter = file.data?.astro?.frontmatter;
    const ids = referenceIds(frontmatter);
    const refs = Array.isArray(frontmatter?.references) ? frontmatter.references : [];
    const numberOf = new Map(ids.map((id, i) => [id, i + 1]));
    const where = file.path ?? 'an article';
    let cards = 0;

    walkText(tree, (textNode) => {
      const value = textNode.value;
      const malformed = (text) => {
        const bad = text.match(MALFORMED);
        if (bad) {
          file.fail(`Malformed citation "${bad[0]}" in ${where}: write [@id] or [@a; @b] with kebab-case ids.`, textNode.position);
        }
      };
      if (!value.includes('[@')) return undefined;
      const matches = [...value.matchAll(CITATION)];
      if (matches.length === 0) {
        malformed(value);
        return undefined;
      }
      const out = [];
      let last = 0;
      for (const match of matches) {
        if (match.index > last) {
          malformed(value.slice(last, match.index));
          out.push({ type: 'text', value: value.slice(last, match.index) });
        }
        const cited = match[1].split(';').map((s) => s.trim().slice(1));
        const links = [];
        for (const id of cited) {
          const n = numberOf.get(id);
          if (n === undefined) {
            const known = ids.length ? ids.join(', ') : 'none (the frontmatter has no references)';
            file.fail(`Unknown citation [@${id}] in ${where}: add it to the frontmatter's references (known ids: ${known}).`, textNode.position);
          }
          if (links.length) links.push({ type: 'text', value: ', ' });
          // The link jumps to the reference (works without script); beside it a card with the
          // full reference, shown on hover and keyboard focus by CSS (article.css, .citation-card)
          // and read as the link's description.
          const card = `cite-${++cards}`;
          links.push({
            type: 'citationRef',
            data: { hName: 'span', hProperties: { className: ['citation-ref'] } },
            children: [
              {
                type: 'link',
                url: `#ref-${id}`,
                children: [{ type: 'text', value: String(n) }],
                data: { hProperties: { className: ['citation-link'], title: shortLabel(refs[n - 1]), ariaDescribedBy: card } },
              },
              {
                type: 'citationCard',
                data: { hName: 'span', hProperties: { className: ['citation-card'], id: card, role: 'tooltip' } },
                children: [{ type: 'text', value: referenceText(refs[n - 1]) }],
              },
            ],
          });
        }
        out.push({
          type: 'citation',
          children: [{ type: 'text', value: '[' }, ...links, { type: 'text', value: ']' }],
          data: { hName: 'sup', hProperties: { className: ['citation'] } },
        });
        last = match.index + match[0].length;
      }
      if (last < value.length) {
        malformed(value.slice(last));
        out.push({ type: 'text', value: value.slice(last) });
      }
      return out;
    });
  };
}
