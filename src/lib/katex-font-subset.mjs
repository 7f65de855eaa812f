// KaTeX's fonts hold every glyph KaTeX can typeset (~300 kB of woff2 for the 19 the site ships),
// but the articles use a small part of them: KaTeX_AMS-Regular, 28 kB, is requested by most
// article pages for one or two symbols. After the build, this integration subsets each KaTeX
// woff2 in the built site to the characters that appear in KaTeX output on any built page, so
// a reader on a slow connection downloads only the glyphs the math shows. File names and the
// @font-face rules stay as they are; only the files' contents shrink.
//
// Safety: the character set is deliberately generous — every character of every text node inside
// a `.katex` element of every page (the visible HTML, the hidden MathML and the TeX annotation),
// with the Unicode decompositions and compositions of each (a browser may shape "é" from "e" and
// U+0301 when a font lacks the precomposed letter), plus printable ASCII and the no-break space.
// Each font keeps every one of those characters it had, with its glyph unchanged (hinting, all
// layout tables and the .notdef box kept); after subsetting, the build checks every subset's character map against
// the original's and fails rather than ship a font that lost a needed glyph.
// tests/e2e/katex-fonts.test.ts checks the built fonts again, glyph by glyph.
//
// The files keep the names Vite gave the full fonts, so a deploy that adds a symbol serves a larger
// subset under the same name: a reader whose browser cached the old file (GitHub Pages sends
// max-age=600) sees that one symbol in a fallback font for at most ten minutes.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { parse } from 'parse5';
import { htmlFiles } from './html-files.mjs';
import fontverter from 'fontverter';
import * as hb from 'harfbuzzjs';

/** The KaTeX font files Vite emits: KaTeX_<Family>-<Style>.<hash>.woff2. */
export const KATEX_FONT_FILE = /^(KaTeX_[A-Za-z0-9]+-[A-Za-z]+)\.[^.]+\.woff2$/;

// FreeType's auto-hinter (Chromium on Linux hints with it) measures each script's blue zones and
// x-height on these reference characters (FreeType's src/autofit/afblue.dat; Latin's are ASCII),
// and hints every glyph of that script from them: a subset without them hints its Greek glyphs
// differently, which moved formulas by a pixel in Chromium. Each font keeps the ones it has.
const AUTOHINT_REFERENCE =
  'ΓΒΕΖΘΟΩΔΞ' + 'βθδζλξαειοπστωγημρφχψ' + // Greek
  'БВЕПЗОСЭШхпншезосруф' + // Cyrillic
  '₀₁₂₃₅₇₈ᵢⱼₕₖₗₐₑₒₓₙₛᵥᵤᵣᵦᵧᵨᵩₚ' + // Latin subscripts
  '⁰¹²³⁵⁷ᵀᴴᴱᴼᴸᵁᵇᵈᵏʰʲᶠⁱᵉᵒʳˢˣᶜᶻᵖʸᵍ'; // Latin superscripts

/**
 * Always kept: printable ASCII (KaTeX's own CSS `content:` uses digits and parentheses), the
 * no-break space and the auto-hinter's reference characters.
 */
const ALWAYS = (() => {
  const cps = [0xa0, ...[...AUTOHINT_REFERENCE].map((c) => c.codePointAt(0))];
  for (let c = 0x20; c <= 0x7e; c++) cps.push(c);
  return cps;
})();

function hasClass(node, name) {
  const cls = node.attrs?.find((a) => a.name === 'class')?.value;
  return cls != null && cls.split(/\s+/).includes(name);
}

function collectText(node, into) {
  if (node.nodeName === '#text') into.push(node.value);
  // <template> keeps its children in .content
  for (const child of node.content?.childNodes ?? node.childNodes ?? []) collectText(child, into);
}

/**
 * The text of every `.katex` element in an HTML document (entities decoded by a real HTML parser),
 * concatenated. Text outside KaTeX output is not included.
 * @param {string} html
 * @returns {string}
 */
export function katexText(html) {
  const parts = [];
  const visit = (node) => {
    if (hasClass(node, 'katex')) return collectText(node, parts);
    for (const child of node.content?.childNodes ?? node.childNodes ?? []) visit(child);
  };
  visit(parse(html));
  return parts.join('');
}

/**
 * The code points to keep for some KaTeX text: each character, its NFC/NFD/NFKC/NFKD forms'
 * characters, printable ASCII and U+00A0.
 * @param {string} text
 * @returns {Set<number>}
 */
export function codepointsFor(text) {
  const out = new Set(ALWAYS);
  for (const ch of new Set(text)) {
    for (const form of [ch, ch.normalize('NFC'), ch.normalize('NFD'), ch.normalize('NFKC'), ch.normalize('NFKD')]) {
      for (const c of form) out.add(c.codePointAt(0));
    }
  }
  return out;
}

/**
 * A font's glyphs by code point: for each code point in its character map, the glyph's advance and
 * outline (SVG path), as HarfBuzz reads them. Accepts woff2, woff or TrueType data.
 * @param {Uint8Array} data
 * @returns {Promise<Map<number, { advance: number, path: string }>>}
 */
export function fontGlyphs(data) {
  return serially(() => readGlyphs(data));
}

// fontverter's woff2 codec (wasm) returned wrong data when two conversions overlapped (a font
// then read as empty): every conversion here runs one at a time.
let queue = Promise.resolve();
function serially(task) {
  const run = queue.then(task);
  queue = run.catch(() => {});
  return run;
}

/**
 * The outline of glyph 0 (.notdef), drawn where no font has a character.
 * @param {Uint8Array} data woff2, woff or TrueType
 * @returns {Promise<string>}
 */
export function notdefPath(data) {
  return serially(async () => {
    const ttf = await fontverter.convert(Buffer.from(data), 'truetype');
    return new hb.Font(new hb.Face(new hb.Blob(new Uint8Array(ttf)))).glyphToPath(0);
  });
}

async function readGlyphs(data) {
  const ttf = await fontverter.convert(Buffer.from(data), 'truetype');
  const blob = new hb.Blob(new Uint8Array(ttf));
  const face = new hb.Face(blob);
  const font = new hb.Font(face);
  const glyphs = new Map();
  try {
    // A copy: the array is a view of HarfBuzz's memory, which glyphToPath may grow (and detach).
    for (const cp of Array.from(face.collectUnicodes())) {
      const gid = font.nominalGlyph(cp);
      if (gid === undefined) continue;
      glyphs.set(cp, { advance: font.glyphHAdvance(gid), path: font.glyphToPath(gid) });
    }
  } finally {
    font.destroy?.();
    face.destroy?.();
    blob.destroy?.();
  }
  return glyphs;
}

// HarfBuzz's subsetter (hb-subset), as harfbuzzjs builds it to WebAssembly. Called directly rather
// than through the subset-font package because hb-subset empties the outline of glyph 0 (.notdef)
// unless asked not to, and subset-font cannot ask: a character that no font on the reader's machine
// has would then show as nothing instead of KaTeX's box.
const HB_MEMORY_MODE_WRITABLE = 2;
const HB_SUBSET_SETS_LAYOUT_FEATURE_TAG = 6;
const HB_SUBSET_FLAGS_NOTDEF_OUTLINE = 0x40;
let hbSubsetExports;

/**
 * A TrueType font cut down to `codepoints` (and the glyphs they need), with its hinting, all its
 * layout features and the .notdef outline kept.
 * @param {Uint8Array} ttf
 * @param {Iterable<number>} codepoints
 * @returns {Promise<Buffer>} TrueType
 */
async function hbSubset(ttf, codepoints) {
  if (!hbSubsetExports) {
    const wasm = await readFile(createRequire(import.meta.url).resolve('harfbuzzjs/dist/harfbuzz-subset.wasm'));
    const { instance } = await WebAssembly.instantiate(wasm);
    instance.exports._initialize();
    hbSubsetExports = instance.exports;
  }
  const x = hbSubsetExports;
  // The memory can grow during the calls, which detaches earlier views: take a fresh one each time.
  const heap = () => new Uint8Array(x.memory.buffer);
  const input = x.hb_subset_input_create_or_fail();
  if (!input) throw new Error('hb_subset_input_create_or_fail failed');
  const data = x.malloc(ttf.byteLength);
  heap().set(ttf, data);
  const blob = x.hb_blob_create(data, ttf.byteLength, HB_MEMORY_MODE_WRITABLE, 0, 0);
  const face = x.hb_face_create(blob, 0);
  x.hb_blob_destroy(blob);
  try {
    const features = x.hb_subset_input_set(input, HB_SUBSET_SETS_LAYOUT_FEATURE_TAG);
    x.hb_set_clear(features);
    x.hb_set_invert(features); // every layout feature
    x.hb_subset_input_set_flags(input, x.hb_subset_input_get_flags(input) | HB_SUBSET_FLAGS_NOTDEF_OUTLINE);
    const unicodes = x.hb_subset_input_unicode_set(input);
    for (const cp of codepoints) x.hb_set_add(unicodes, cp);
    const subset = x.hb_subset_or_fail(face, input);
    if (!subset) throw new Error('hb_subset_or_fail failed');
    const result = x.hb_face_reference_blob(subset);
    const at = x.hb_blob_get_data(result, 0);
    const length = x.hb_blob_get_length(result);
    const out = Buffer.from(heap().slice(at, at + length));
    x.hb_blob_destroy(result);
    x.hb_face_destroy(subset);
    if (!length) throw new Error('hb-subset returned an empty font');
    return out;
  } finally {
    x.hb_subset_input_destroy(input);
    x.hb_face_destroy(face);
    x.free(data);
  }
}

/**
 * Subsets one font to `codepoints` and checks that every one of them the original maps is still
 * mapped, to the same outline and advance. Throws otherwise.
 * @param {Uint8Array} original woff2
 * @param {Set<number>} codepoints
 * @param {string} [label]
 * @returns {Promise<Buffer>} the subset, woff2
 */
export async function subsetKatexFont(original, codepoints, label = 'font') {
  const subset = await serially(async () => {
    const ttf = await fontverter.convert(Buffer.from(original), 'truetype');
    return fontverter.convert(await hbSubset(ttf, codepoints), 'woff2', 'truetype');
  });
  const before = await fontGlyphs(original);
  const after = await fontGlyphs(subset);
  if (before.size === 0) throw new Error(`could not read the character map of ${label}`);
  if ((await notdefPath(subset)) !== (await notdefPath(original))) throw new Error(`subsetting ${label} changed its .notdef glyph`);
  const lost = [];
  for (const cp of codepoints) {
    const a = before.get(cp);
    if (!a) continue;
    const b = after.get(cp);
    if (!b || b.advance !== a.advance || b.path !== a.path) lost.push(`U+${cp.toString(16).toUpperCase().padStart(4, '0')}${b ? ' (changed)' : ''}`);
  }
  if (lost.length) throw new Error(`subsetting ${label} lost or changed the glyphs of ${lost.join(', ')}`);
  return subset;
}

/**
 * Subsets every KaTeX woff2 in a built site in place.
 * @param {string} distDir
 * @param {string} [assetsDir] where Vite put the fonts, relative to distDir (Astro's build.assets)
 * @returns {Promise<{ pages: number, codepoints: number, fonts: { file: string, before: number, after: number }[] }>}
 */
export async function subsetKatexFontsIn(distDir, assetsDir = '_astro') {
  const pages = (await htmlFiles(distDir)).filter((f) => !relative(distDir, f).startsWith(`pagefind${sep}`));
  let text = '';
  for (const file of pages) text += katexText(await readFile(file, 'utf8'));
  const codepoints = codepointsFor(text);
  const fonts = [];
  const dir = join(distDir, assetsDir);
  const files = (await readdir(dir).catch(() => [])).filter((f) => KATEX_FONT_FILE.test(f)).sort();
  for (const name of files) {
    const path = join(dir, name);
    const original = await readFile(path);
    const subset = await subsetKatexFont(original, codepoints, name);
    // Never make a file larger (a font all of whose glyphs are used gains nothing).
    if (subset.length < original.length) await writeFile(path, subset);
    fonts.push({ file: name, before: original.length, after: Math.min(subset.length, original.length) });
  }
  return { pages: pages.length, codepoints: codepoints.size, fonts };
}

/** @returns {import('astro').AstroIntegration} */
export function katexFontSubset() {
  let assets = '_astro';
  return {
    name: 'katex-font-subset',
    hooks: {
      'astro:config:done': ({ config }) => {
        assets = config.build.assets;
      },
      'astro:build:done': async ({ dir, logger }) => {
        const result = await subsetKatexFontsIn(fileURLToPath(dir), assets);
        const before = result.fonts.reduce((s, f) => s + f.before, 0);
        const after = result.fonts.reduce((s, f) => s + f.after, 0);
        logger.info(
          `${result.fonts.length} KaTeX fonts subset to the ${result.codepoints} characters of the math on ${result.pages} pages: ${(before / 1024).toFixed(1)} kB → ${(after / 1024).toFixed(1)} kB`,
        );
      },
    },
  };
}
