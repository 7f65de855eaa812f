/**
 * Page of the quality bench (bench/quality-browser.mjs builds it with Vite and drives it with
 * headless Chromium): runs ./worker.ts in a module Web Worker, as the site's lab trains, and
 * exposes the worker's result as window.__qualityBench.
 */
import type { QualityRequest, QualityResult } from './worker';

declare global {
  interface Window {
    __qualityBench: Promise<QualityResult>;
  }
}

const params = new URLSearchParams(location.search);
const list = (key: string): string[] => (params.get(key) ?? '').split(',').filter(Boolean);
const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module' });
const status = document.getElementById('status');
window.__qualityBench = new Promise((resolve) => {
  worker.onmessage = (e: MessageEvent<{ type: 'log'; text: string } | QualityResult>) => {
    if (e.data.type === 'log') {
      if (status) status.textContent = e.data.text;
      console.log(e.data.text);
    } else {
      if (status) status.textContent = 'done';
      resolve(e.data);
    }
  };
  worker.onerror = (e) => resolve({ type: 'result', quality: [], throughput: [], odeSteps: [], errors: [e.message || 'worker error'] });
  const request: QualityRequest = {
    parts: list('parts'),
    families: list('families'),
    datasets: list('datasets'),
    budgetSeconds: Number(params.get('budget') ?? 10),
    runs: Number(params.get('runs') ?? 3),
    seconds: Number(params.get('seconds') ?? 3),
  };
  worker.postMessage(request);
});
