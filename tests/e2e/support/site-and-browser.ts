import { afterAll, beforeAll } from 'vitest';
import { launchBrowser, type Browser } from './browser';
import { startStaticServer, type StaticServer } from './static-server';

/**
 * The setup every e2e file shares: the built site on a local server and one Chromium, started
 * before the file's tests (handed to `ready`) and closed after them.
 */
export function useSiteAndBrowser(ready: (server: StaticServer, browser: Browser) => void): void {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    server = await startStaticServer();
    browser = await launchBrowser();
    ready(server, browser);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });
}
