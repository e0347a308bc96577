/**
 * The composer webview's HTML shell: a strict CSP (default-src 'none', scripts only with a fresh
 * nonce, styles/fonts/images only from the extension's dist/webview folder), the bundled script and
 * stylesheet loaded through asWebviewUri. Pure string building, testable without the editor.
 */
import { randomBytes } from 'node:crypto';

export interface ComposerHtmlInputs {
  /** webview.cspSource */
  cspSource: string;
  /** asWebviewUri(dist/webview/composer.js) */
  scriptUri: string;
  /** asWebviewUri(dist/webview/composer.css) */
  styleUri: string;
  /** Shown as the page title (the spec's file name). */
  title: string;
}

function makeNonce(): string {
  return randomBytes(18)
    .toString('base64')
    .replace(/[^A-Za-z0-9]/g, '');
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);

export function composerHtml({ cspSource, scriptUri, styleUri, title }: ComposerHtmlInputs, nonce = makeNonce()): string {
  const csp = [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `font-src ${cspSource}`,
    `img-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(styleUri)}">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="composer" aria-live="polite"><p class="loading">Loading the composer…</p></main>
<script nonce="${nonce}" src="${escapeHtml(scriptUri)}"></script>
</body>
</html>`;
}
