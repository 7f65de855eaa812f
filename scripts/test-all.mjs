// `npm test`: type checking, unit tests, a production build under a sub-path, end-to-end tests
// in Chromium, then one summary. Steps run in order; nothing is skipped silently: if the build
// fails, the end-to-end step is reported as not run, and the whole command fails.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Vitest steps also write a JSON report here, so the summary can count tests across steps.
const reports = mkdtempSync(join(tmpdir(), 'npm-test-'));

const steps = [
  { name: 'types', script: 'check', what: 'astro check (TypeScript strict, .astro and .ts)' },
  { name: 'unit', script: 'test:unit', what: 'vitest: site, models, data, metrics, lab', vitest: true },
  { name: 'build', script: 'build:test', what: 'astro build + pagefind, base /generative-in-your-browser/' },
  { name: 'e2e', script: 'test:e2e', what: "every page in Debian's Chromium: errors, links, axe, search, language switch", needs: 'build', vitest: true },
];

function run(script, extraArgs = []) {
  return new Promise((resolve) => {
    const args = ['run', '--silent', script, ...(extraArgs.length ? ['--', ...extraArgs] : [])];
    const child = spawn('npm', args, {
      stdio: 'inherit',
      env: { ...process.env, ASTRO_TELEMETRY_DISABLED: '1', FORCE_COLOR: process.env.FORCE_COLOR ?? '1' },
    });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

const results = [];
for (const step of steps) {
  const blocked = step.needs && results.find((r) => r.name === step.needs && r.status !== 'passed');
  if (blocked) {
    results.push({ ...step, status: 'NOT RUN', seconds: 0, note: `needs a successful ${step.needs}` });
    continue;
  }
  console.log(`\n━━ ${step.name}: npm run ${step.script} ━━`);
  const start = performance.now();
  const report = join(reports, `${step.name}.json`);
  const code = await run(step.script, step.vitest ? ['--reporter=default', '--reporter=json', `--outputFile.json=${report}`] : []);
  results.push({ ...step, status: code === 0 ? 'passed' : 'FAILED', seconds: (performance.now() - start) / 1000, counts: step.vitest ? readCounts(report) : null });
}

/** Passed and failed test counts from a vitest JSON report (null when the step wrote none). */
function readCounts(file) {
  try {
    const r = JSON.parse(readFileSync(file, 'utf8'));
    return { passed: r.numPassedTests, failed: r.numFailedTests };
  } catch {
    return null;
  }
}

const width = Math.max(...results.map((r) => r.name.length));
console.log('\n━━ npm test summary ━━');
for (const r of results) {
  const mark = r.status === 'passed' ? '✓' : '✗';
  console.log(`${mark} ${r.name.padEnd(width)}  ${r.status.padEnd(7)} ${r.seconds.toFixed(1).padStart(6)} s  ${r.what}${r.note ? ` (${r.note})` : ''}`);
}
const failed = results.filter((r) => r.status !== 'passed');
// Closing line: tests passed and failed over the vitest steps; a step that failed with no failed
// test to show for it (types, build, a suite that did not load) counts as one failure.
const testsPassed = results.reduce((sum, r) => sum + (r.counts?.passed ?? 0), 0);
const testsFailed = results.reduce(
  (sum, r) => sum + Math.max(r.counts?.failed ?? 0, r.status === 'FAILED' ? 1 : 0),
  0,
);
console.log(failed.length ? `\n${failed.length} of ${results.length} steps did not pass.` : `\nAll ${results.length} steps passed.`);
console.log(`tests: ${testsPassed} passed, ${testsFailed} failed`);
process.exit(failed.length ? 1 : 0);
