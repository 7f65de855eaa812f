// The HTML pages of a built site, for the build steps that rewrite them in place.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every .html file under `dir`, recursively (full paths). */
export async function htmlFiles(dir) {
  const out = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...(await htmlFiles(full)));
    else if (entry.name.endsWith('.html')) out.push(full);
  }
  return out;
}
