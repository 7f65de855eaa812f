/**
 * Share and save, on the page (issue 14): the lab's link with its anchor, copied to the clipboard;
 * files the reader downloads (the samples as CSV, the canvases as one PNG); a CSV file read as text.
 */

/** The link to this lab: the page's URL with its settings (already in the query) and `#lab-<id>`, so it lands on the lab. */
export function labLink(href: string, id: string): string {
  const url = new URL(href);
  url.hash = `lab-${id}`;
  return url.href;
}

/** Copy to the clipboard; false where the browser refuses (no permission, an insecure page). */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}

/** Offer a Blob as a download named `name`. */
export function downloadBlob(name: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.hidden = true;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The canvases side by side (at their backing-store resolution) on the background colour, as a PNG. */
export function canvasesToPng(canvases: HTMLCanvasElement[], background: string): Promise<Blob | null> {
  const gap = 8;
  const width = canvases.reduce((s, c) => s + c.width, 0) + gap * Math.max(0, canvases.length - 1);
  const height = Math.max(1, ...canvases.map((c) => c.height));
  const out = document.createElement('canvas');
  out.width = Math.max(1, width);
  out.height = height;
  const ctx = out.getContext('2d');
  if (!ctx) return Promise.resolve(null);
  ctx.fillStyle = background;
  ctx.fillRect(0, 0, out.width, out.height);
  let x = 0;
  for (const c of canvases) {
    ctx.drawImage(c, x, 0);
    x += c.width + gap;
  }
  return new Promise((resolve) => out.toBlob(resolve, 'image/png'));
}
