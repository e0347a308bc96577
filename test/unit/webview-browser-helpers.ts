/**
 * Shared by the tests that load a built webview (dist/webview/<name>.js and .css) in a real browser
 * (Debian's Chromium through playwright-core) under the page and CSP the extension makes
 * (extension/vscode/panels/html.ts panelHtml), with VS Code's webview API stubbed: messages the page
 * posts collect in `window.__sent`. vscode-results-webview and vscode-sweep-webview use it.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { panelHtml } from '../../extension/vscode/panels/html';

const root = join(__dirname, '..', '..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the page is served from (routed in the browser, no server). */
export const ORIGIN = 'http://webview.test';

export interface WebviewPage {
  browser: Browser;
  page: Page;
  /** Console errors, CSP refusals and uncaught page errors, in order. */
  problems: string[];
}

/**
 * Opens webview `name` (its bundle and stylesheet from dist/webview/) titled `title` and waits for
 * its `ready` message. Chromium or the build missing is a failure: the test command installs
 * Chromium (scripts/setup.sh --tests) and builds first. The caller closes `browser`.
 */
export async function openWebview(name: string, title: string): Promise<WebviewPage> {
  const bundle = join(root, 'dist', 'webview', `${name}.js`);
  assert.ok(existsSync(CHROMIUM), `no Chromium at ${CHROMIUM}: run bash scripts/setup.sh --tests`);
  assert.ok(existsSync(bundle), `dist/webview/${name}.js is not built: run node scripts/build.mjs`);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error' || /Refused|Content Security Policy/i.test(m.text())) problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(String(e)));
    const html = panelHtml({
      cspSource: ORIGIN,
      scriptUri: `${ORIGIN}/${name}.js`,
      styleUri: `${ORIGIN}/${name}.css`,
      title,
      rootId: name,
    });
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: html });
      if (url.endsWith(`/${name}.js`)) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(bundle) });
      if (url.endsWith(`/${name}.css`))
        return route.fulfill({ contentType: 'text/css', body: readFileSync(join(root, 'dist', 'webview', `${name}.css`)) });
      return route.fulfill({ status: 404, body: '' });
    });
    // A string, not a function: the TypeScript loader would add helpers the page does not have.
    await page.addInitScript(`
      window.__sent = [];
      let state;
      window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m), getState: () => state, setState: (s) => { state = s; } });
    `);
    await page.goto(`${ORIGIN}/index.html`);
    await page.waitForFunction(() => (window as unknown as { __sent: { type: string }[] }).__sent.some((m) => m.type === 'ready'));
    return { browser, page, problems };
  } catch (e) {
    await browser.close();
    throw e;
  }
}
