import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { serviceWorkerScript } from '../../../src/lib/coi-serviceworker-script';

// The URL every page loads and every reader's browser re-checks: coi-serviceworker normally, the
// kill switch in a build with SITE_COI_SERVICEWORKER=off (docs/DESIGN.md, "Retiring the service worker").
describe('<base>coi-serviceworker.js', () => {
  it('serves coi-serviceworker as it ships by default', async () => {
    expect(serviceWorkerScript(undefined)).toBe(await readFile('node_modules/coi-serviceworker/coi-serviceworker.min.js', 'utf8'));
  });

  it('serves the kill switch when built with SITE_COI_SERVICEWORKER=off', async () => {
    expect(serviceWorkerScript('off')).toBe(await readFile('src/lib/coi-serviceworker-kill-switch.js', 'utf8'));
  });
});
