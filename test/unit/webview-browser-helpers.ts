/**
 * Shared by the tests that load a built webview (dist/webview/<name>.js and .css) in a real browser
 * (Debian's Chromium through playwright-core) under the page and CSP the extension makes
 * (extension/vscode/panels/html.ts panelHtml), with VS Code's webview API stubbed: messages the page
 * posts collect in `window.__sent`, and every `securitypolicyviolation` event the page raises in
 * `window.__violations` (read with cspViolations). vscode-results-webview, vscode-sweep-webview and
 * vscode-dataset-composer-webview use it.
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

/** One `securitypolicyviolation` event: the directive, what it blocked, and where. */
export interface CspViolation {
  directive: string;
  blockedURI: string;
  /** The first characters of the blocked inline code (Chromium reports up to 40 where the policy asks for a report sample). */
  sample: string;
  /**
   * The element the event was raised on, with the shadow hosts around it (`vscode-badge > div.control`);
   * `#document` where the element was gone or never in the page (a probe removed at once, a template parsed).
   */
  element: string;
  /** The script and line that caused it (`http://webview.test/composer.js:4445:19`), where Chromium knows. */
  source: string;
}

/** The CSP violations the page has raised so far, in order. */
export async function cspViolations(page: Page): Promise<CspViolation[]> {
  return page.evaluate(() => (window as unknown as { __violations: CspViolation[] }).__violations.slice());
}

/**
 * Opens webview `name` (its bundle and stylesheet from dist/webview/) titled `title` and waits for
 * its `ready` message. The page is panelHtml's unless `html` builds the panel's own (the composer's
 * composerHtml) from the bundle's and stylesheet's addresses and the CSP source. Chromium or the
 * build missing is a failure: the test command installs Chromium (scripts/setup.sh --tests) and
 * builds first. The caller closes `browser`.
 */
export async function openWebview(
  name: string,
  title: string,
  html: (urls: { cspSource: string; scriptUri: string; styleUri: string; title: string }) => string = (u) =>
    panelHtml({ ...u, rootId: name }),
): Promise<WebviewPage> {
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
    const pageHtml = html({ cspSource: ORIGIN, scriptUri: `${ORIGIN}/${name}.js`, styleUri: `${ORIGIN}/${name}.css`, title });
    await page.route(`${ORIGIN}/**`, (route) => {
      const url = route.request().url();
      if (url.endsWith('/index.html')) return route.fulfill({ contentType: 'text/html', body: pageHtml });
      if (url.endsWith(`/${name}.js`)) return route.fulfill({ contentType: 'text/javascript', body: readFileSync(bundle) });
      if (url.endsWith(`/${name}.css`))
        return route.fulfill({ contentType: 'text/css', body: readFileSync(join(root, 'dist', 'webview', `${name}.css`)) });
      return route.fulfill({ status: 404, body: '' });
    });
    // A string, not a function: the TypeScript loader would add helpers the page does not have.
    await page.addInitScript(`
      window.__sent = [];
      window.__violations = [];
      const describe = (node) => {
        const parts = [];
        for (let n = node; n; ) {
          if (n.nodeType === 1) parts.unshift(n.localName + (n.classList && n.classList.length ? '.' + [...n.classList].join('.') : '') + (n.id ? '#' + n.id : ''));
          const root = n.getRootNode && n.getRootNode();
          n = root && root.host ? root.host : null;
        }
        return parts.join(' > ') || (node && node.nodeName) || '';
      };
      document.addEventListener('securitypolicyviolation', (e) => {
        window.__violations.push({
          directive: e.violatedDirective,
          blockedURI: e.blockedURI,
          sample: e.sample,
          element: describe(e.composedPath()[0]),
          source: e.sourceFile ? e.sourceFile + ':' + e.lineNumber + ':' + e.columnNumber : '',
        });
      }, true);
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
