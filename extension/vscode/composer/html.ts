/**
 * The composer webview's HTML shell: a strict CSP (default-src 'none', scripts only with a fresh
 * nonce, styles/fonts/images only from the extension's dist/webview folder), the bundled script and
 * stylesheet loaded through asWebviewUri. Pure string building, testable without the editor. The
 * policy and the csp-nonce meta tag (for the webview UI toolkit) come from the panels' pageSecurity.
 */
import { escapeHtml, makeNonce, pageSecurity } from '../panels/html';

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

export function composerHtml({ cspSource, scriptUri, styleUri, title }: ComposerHtmlInputs, nonce = makeNonce()): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
${pageSecurity(cspSource, nonce)}
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
