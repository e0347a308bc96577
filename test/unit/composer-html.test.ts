/** The composer webview's HTML: strict CSP with a fresh nonce (named by the csp-nonce meta tag), local resources only. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { composerHtml } from '../../extension/vscode/composer/html';

const inputs = {
  cspSource: 'https://file+.vscode-resource.example',
  scriptUri: 'https://file+.vscode-resource.example/dist/webview/composer.js',
  styleUri: 'https://file+.vscode-resource.example/dist/webview/composer.css',
  title: 'a<b>.vla.json',
};

test('CSP denies by default and allows only the nonce-tagged script', () => {
  const html = composerHtml(inputs);
  const csp = /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /^default-src 'none';/);
  const nonce = /script-src 'nonce-([A-Za-z0-9_-]+)'/.exec(csp)?.[1];
  assert.ok(nonce && nonce.length >= 16);
  // Styles from the origin and <style> elements with the nonce, which the csp-nonce meta tag names
  // for the webview UI toolkit (FAST's focus-visible probe).
  assert.match(csp, new RegExp(`style-src \\S+ 'nonce-${nonce}'`));
  assert.match(html, new RegExp(`<meta property="csp-nonce" content="${nonce}">`));
  const scripts = [...html.matchAll(/<script([^>]*)>/g)].map((m) => m[1]);
  assert.equal(scripts.length, 1);
  assert.match(scripts[0], new RegExp(`nonce="${nonce}"`));
  assert.ok(!/unsafe-inline|unsafe-eval/.test(csp));
  assert.match(html, /<title>a&lt;b&gt;\.vla\.json<\/title>/, 'the file name is escaped');
});

test('every render gets a fresh nonce', () => {
  const nonceOf = (h: string) => /'nonce-([^']+)'/.exec(h)?.[1];
  assert.notEqual(nonceOf(composerHtml(inputs)), nonceOf(composerHtml(inputs)));
});
