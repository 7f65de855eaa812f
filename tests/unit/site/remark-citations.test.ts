import { describe, expect, it } from 'vitest';
import { compile } from '@mdx-js/mdx';
import remarkMath from 'remark-math';
import { remarkCitations } from '../../../src/lib/remark-citations.mjs';

const references = [
  { id: 'ho-2020-ddpm', authors: 'Jonathan Ho, Ajay Jain, Pieter Abbeel', year: 2020 },
  { id: 'kingma-2014-vae', authors: 'Diederik P. Kingma, Max Welling', year: 2014 },
  { id: 'goodfellow-2014-gan', authors: 'Ian Goodfellow', year: 2014 },
];

async function render(value: string, refs: object[] = references): Promise<string> {
  const out = await compile(
    { path: 'content/en/test.mdx', value, data: { astro: { frontmatter: { references: refs } } } },
    { remarkPlugins: [remarkMath, remarkCitations], outputFormat: 'function-body' },
  );
  return String(out.value);
}

describe('remark-citations', () => {
  it('numbers a citation by its place in the frontmatter and links to #ref-<id>', async () => {
    const js = await render('Diffusion [@ho-2020-ddpm] works.');
    expect(js).toContain('href: "#ref-ho-2020-ddpm"');
    expect(js).toMatch(/className: "citation-link"[\s\S]*children: "1"/);
    expect(js).toContain('"sup"');
    expect(js).toContain('title: "Ho et al., 2020"');
  });

  it('turns [@a; @b] into one superscript with two numbered links, in frontmatter order', async () => {
    const js = await render('Two families [@goodfellow-2014-gan; @kingma-2014-vae].');
    expect(js).toContain('href: "#ref-goodfellow-2014-gan"');
    expect(js).toContain('href: "#ref-kingma-2014-vae"');
    expect(js).toMatch(/children: "3"[\s\S]*children: "2"/);
    // One superscript: [3, 2], each number in a span with its reference card.
    expect(js).toMatch(/children: \["\[", _jsxs\(_components\.span[\s\S]*?children: "3"[\s\S]*?", "[\s\S]*?children: "2"[\s\S]*?"\]"\]/);
  });

  it('gives each citation a preview card with the full reference, described by the link', async () => {
    const js = await render('A GAN [@goodfellow-2014-gan], a GAN again [@goodfellow-2014-gan].');
    expect(js).toMatch(/"aria-describedby": "cite-1"[\s\S]*id: "cite-1"[\s\S]*role: "tooltip"/);
    expect(js).toContain('id: "cite-2"');
    expect(js).toMatch(/className: "citation-card"[\s\S]*?children: "Ian Goodfellow \(2014\)\."/);
  });

  it('leaves citations in code and math alone', async () => {
    const js = await render('Code `[@ho-2020-ddpm]` and math $[@x]$ stay.');
    expect(js).not.toContain('#ref-');
  });

  it('fails the build on an unknown id, naming the file and the known ids', async () => {
    await expect(render('See [@nobody-1999-x].')).rejects.toThrow(
      /Unknown citation \[@nobody-1999-x\] in content\/en\/test\.mdx.*known ids: ho-2020-ddpm, kingma-2014-vae, goodfellow-2014-gan/,
    );
  });

  it('fails on an unknown id when the article has no references at all', async () => {
    await expect(render('See [@ho-2020-ddpm].', [])).rejects.toThrow(/no references/);
  });

  it('fails on a malformed citation instead of printing it', async () => {
    await expect(render('See [@Ho 2020].')).rejects.toThrow(/Malformed citation "\[@Ho 2020\]"/);
  });
});
