/**
 * The HTML shell of the result panels (Results, Compare, Sweep): a strict Content Security Policy
 * — nothing by default; images, media, styles, fonts and fetches (GIF bytes) only from the
 * webview's own resource origin (cspSource, i.e. files under localResourceRoots served through
 * asWebviewUri); scripts only with a fresh random nonce per render; no remote anything — then the
 * bundled stylesheet and script. Pure string building, so a test can check the policy without an editor.
 */
import { randomBytes } from 'node:crypto';

export interface PanelHtmlInputs {
  /** webview.cspSource */
  cspSource: string;
  /** asWebviewUri(dist/webview/<panel>.js) */
  scriptUri: string;
  /** asWebviewUri(dist/webview/<panel>.css), when the panel has a stylesheet. */
  styleUri?: string;
  title: string;
  /** id of the root element the script renders into. */
  rootId: string;
}

/** 128 bits from the OS's CSPRNG, base64url (valid in a CSP nonce source). */
function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `media-src ${cspSource}`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    // The gallery reads GIF rollouts' bytes to step through their frames: local files only.
    `connect-src ${cspSource}`,
  ].join('; ');
}

export function panelHtml(inputs: PanelHtmlInputs, nonce = makeNonce()): string {
  const csp = contentSecurityPolicy(inputs.cspSource, nonce);
  const style = inputs.styleUri ? `\n<link rel="stylesheet" href="${escapeHtml(inputs.styleUri)}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp.replace(/["<>]/g, '')}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">${style}
<title>${escapeHtml(inputs.title)}</title>
</head>
<body>
<main id="${escapeHtml(inputs.rootId)}" aria-busy="true"><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${escapeHtml(inputs.scriptUri)}"></script>
</body>
</html>`;
}
