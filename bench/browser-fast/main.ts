/**
 * Page of the browser benchmark of the fast path (bench/fast-browser.mjs builds it with Vite and
 * drives it with headless Chromium): runs ./worker.ts in a module Web Worker, as the site's lab
 * trains, and exposes the worker's result as window.__fastBench.
 */
const params = new URLSearchParams(location.search);
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const status = document.getElementById('status')!;
(window as unknown as { __fastBench: Promise<unknown> }).__fastBench = new Promise((resolve) => {
  worker.onmessage = (e: MessageEvent) => {
    if (e.data.type === 'log') {
      status.textContent = String(e.data.text);
      console.log(String(e.data.text));
    } else {
      status.textContent = 'done';
      resolve(e.data);
    }
  };
  worker.onerror = (e) => resolve({ type: 'result', rows: [], error: e.message || 'worker error' });
  worker.postMessage({
    runs: Number(params.get('runs') ?? 3),
    seconds: Number(params.get('seconds') ?? 3),
    parts: (params.get('parts') ?? 'fast,tfjs-wasm').split(','),
    trainSteps: Number(params.get('trainSteps') ?? 300),
    samplingRuns: Number(params.get('samplingRuns') ?? 5),
  });
});
