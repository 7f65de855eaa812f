/**
 * Debian's Chromium driven by playwright-core (Playwright cannot download browsers here).
 * Every test file launches one persistent context with a fresh temporary profile; pages are
 * opened through `openPage`, which records what a reader's browser would complain about:
 * console errors, uncaught exceptions, failed or 4xx/5xx requests, any request that leaves
 * the site's origin, and every Content-Security-Policy violation (the page's
 * `securitypolicyviolation` events, and console messages of any level about the policy).
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** The flags every e2e run uses (no network chatter of Chromium's own, no GPU, no sandbox). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

/** Fails (never skips) when Chromium is missing, saying how to install it. */
export function assertChromium(): void {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM_PATH}. The end-to-end tests need Debian's Chromium: ` +
        'install it with `sudo apt-get install chromium` (or set CHROMIUM_PATH), then run the tests again.',
    );
  }
}

export async function launchBrowser(options: { viewport?: { width: number; height: number } } = {}): Promise<Browser> {
  assertChromium();
  const userDataDir = await mkdtemp(join(tmpdir(), 'gen-e2e-profile-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: options.viewport ?? { width: 1280, height: 900 },
    reducedMotion: 'reduce',
  });
  return {
    context,
    async close() {
      await context.close();
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

export interface PageProblems {
  consoleErrors: string[];
  pageErrors: string[];
  failedRequests: string[];
  badResponses: string[];
  foreignRequests: string[];
  cspViolations: string[];
}

/** Marks the page's CSP violation reports in the console, where `openPage` collects them. */
export const CSP_VIOLATION_MARK = 'securitypolicyviolation:';

/** Runs in every page before its own scripts (Playwright's init scripts are exempt from the policy). */
function reportCspViolations(mark: string): void {
  document.addEventListener('securitypolicyviolation', (e) => {
    console.warn(`${mark} ${e.effectiveDirective} blocked ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber} (${e.disposition})`);
  });
}

/** A console line about the Content Security Policy or Trusted Types, at any level. */
export function isCspMessage(text: string): boolean {
  return text.startsWith(CSP_VIOLATION_MARK) || /content[ -]security[ -]policy|trusted ?type/i.test(text);
}

export interface MonitoredPage {
  page: Page;
  problems: PageProblems;
  /** Every URL the page requested, with response status and body size (for byte budgets). */
  requests: { url: string; status: number; bytes: number; type: string }[];
  /** All problems as readable lines; empty when the page is clean. */
  report(): string[];
}

/** Opens a new tab that records problems; `origin` is the only origin requests may go to. */
export async function openPage(context: BrowserContext, origin: string): Promise<MonitoredPage> {
  const page = await context.newPage();
  const problems: PageProblems = { consoleErrors: [], pageErrors: [], failedRequests: [], badResponses: [], foreignRequests: [], cspViolations: [] };
  const requests: MonitoredPage['requests'] = [];

  await page.addInitScript(reportCspViolations, CSP_VIOLATION_MARK);
  page.on('console', (msg) => {
    if (isCspMessage(msg.text())) problems.cspViolations.push(`${msg.text()} (${msg.location().url})`);
    else if (msg.type() === 'error') problems.consoleErrors.push(`${msg.text()} (${msg.location().url})`);
  });
  page.on('pageerror', (err) => problems.pageErrors.push(err.message));
  page.on('request', (req) => {
    const url = req.url();
    if (/^(data|blob|about):/.test(url)) return;
    if (new URL(url).origin !== origin) problems.foreignRequests.push(url);
  });
  page.on('requestfailed', (req) => {
    const reason = req.failure()?.errorText ?? 'failed';
    // A navigation that replaces the page aborts what the old page was still loading.
    if (reason === 'net::ERR_ABORTED' && req.resourceType() !== 'document') return;
    problems.failedRequests.push(`${req.url()} (${reason})`);
  });
  page.on('response', async (res) => {
    const url = res.url();
    if (/^(data|blob):/.test(url)) return;
    const entry = { url, status: res.status(), bytes: 0, type: res.request().resourceType() };
    requests.push(entry);
    if (res.status() >= 400) problems.badResponses.push(`${res.status()} ${url}`);
    try {
      entry.bytes = (await res.body()).length;
    } catch {
      // redirects and aborted responses have no body
    }
  });

  return {
    page,
    problems,
    requests,
    report() {
      return [
        ...problems.consoleErrors.map((m) => `console error: ${m}`),
        ...problems.pageErrors.map((m) => `uncaught exception: ${m}`),
        ...problems.failedRequests.map((m) => `failed request: ${m}`),
        ...problems.badResponses.map((m) => `bad response: ${m}`),
        ...problems.foreignRequests.map((m) => `request to another origin: ${m}`),
        ...problems.cspViolations.map((m) => `Content Security Policy: ${m}`),
      ];
    },
  };
}
