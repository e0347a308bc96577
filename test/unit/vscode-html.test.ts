/**
 * The panels' HTML: the Content Security Policy allows nothing by default, local resources only
 * through the webview's own origin, scripts (and <style> elements) only with a nonce that is fresh
 * and unguessable on every render and that the csp-nonce meta tag names, and the page loads nothing remote.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { panelHtml } from '../../extension/vscode/panels/html';

const CSP_SOURCE = 'https://*.vscode-cdn.net';
const inputs = {
  cspSource: CSP_SOURCE,
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/results.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/results.css',
  title: 'Results: <exp>/r1',
  rootId: 'results',
};

function cspOf(html: string): Map<string, string[]> {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(m, 'the page has a CSP meta tag');
  const directives = new Map<string, string[]>();
  for (const d of m[1]
    .split(';')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [name, ...values] = d.split(/\s+/);
    directives.set(name, values);
  }
  return directives;
}

test('the CSP denies by default and allows only the webview origin and a nonce', () => {
  const html = panelHtml(inputs, 'abc123');
  const csp = cspOf(html);
  assert.deepEqual(csp.get('default-src'), ["'none'"]);
  // connect-src too: the gallery fetches GIF bytes from the run folder, nothing from the network.
  for (const d of ['img-src', 'media-src', 'font-src', 'connect-src']) assert.deepEqual(csp.get(d), [CSP_SOURCE], d);
  assert.deepEqual(csp.get('script-src'), ["'nonce-abc123'"]);
  // Styles: the origin's, and <style> elements with the nonce (FAST's focus-visible probe), never inline ones.
  assert.deepEqual(csp.get('style-src'), [CSP_SOURCE, "'nonce-abc123'"]);
  assert.ok(
    !/unsafe-inline|unsafe-eval|\*\s|https:\s*;|data:/.test([...csp.values()].flat().join(' ').replace(CSP_SOURCE, '')),
    'no wildcard, inline, eval or data sources',
  );
});

test("the csp-nonce meta tag names the nonce (FAST, the webview UI toolkit's base, reads it there)", () => {
  const html = panelHtml(inputs, 'abc123');
  assert.match(html, /<meta property="csp-nonce" content="abc123">/);
  const head = html.slice(0, html.indexOf('</head>'));
  assert.ok(head.indexOf('csp-nonce') > head.indexOf('Content-Security-Policy'), 'in <head>, after the policy');
  assert.ok(head.indexOf('csp-nonce') < head.indexOf('<link'), 'before the stylesheet and script');
});

test('every script carries the nonce; no inline script, no remote resource', () => {
  const html = panelHtml(inputs, 'n0nce');
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /nonce="n0nce"/);
  assert.equal(scripts[0][2].trim(), '', 'no inline script body');
  const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(urls, [inputs.styleUri, inputs.scriptUri]);
  assert.ok(!html.includes('<exp>'), 'the title is escaped');
});

test('a fresh random nonce per render (at least 128 bits, CSP-safe characters)', () => {
  const nonces = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const csp = cspOf(panelHtml(inputs));
    const n = /^'nonce-([A-Za-z0-9_-]+)'$/.exec(csp.get('script-src')![0]);
    assert.ok(n, 'nonce is base64url');
    assert.ok(n[1].length >= 22, 'at least 128 bits');
    nonces.add(n[1]);
  }
  assert.equal(nonces.size, 200);
});
