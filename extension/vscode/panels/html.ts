/**
 * The HTML shell of the panels (Results, Compare, Sweep, Dataset, Probe): a strict Content Security
 * Policy — nothing by default; images, media, styles, fonts and fetches (GIF bytes) only from the
 * webview's own resource origin (cspSource, i.e. files under localResourceRoots served through
 * asWebviewUri); scripts only with a fresh random nonce per render, styles also with it (for the
 * webview UI toolkit, see pageSecurity); no 'unsafe-inline', no remote anything — then the bundled
 * stylesheet and script. Pure string building, so a test can check the policy without an editor.
 *
 * pageSecurity() is the one owner of the policy and of the csp-nonce meta tag; the composer's page
 * (composer/html.ts) uses it too.
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
export function makeNonce(): string {
  return randomBytes(16).toString('base64url');
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/**
 * A webview page's `<meta>` Content-Security-Policy and csp-nonce tags. The policy denies by default;
 * images, styles and fonts come only from `cspSource`, scripts only with `nonce`; `more` adds
 * directives (a panel's media-src, connect-src). Styles also take `nonce` (never 'unsafe-inline'),
 * and `<meta property="csp-nonce">` names it: that is where FAST, the webview UI toolkit's base,
 * reads the nonce it sets on the <style> element its focus-visible probe appends at load
 * (fast-web-utilities canUseFocusVisible); without both the probe is blocked (style-src-elem).
 * A nonce cannot allow a style attribute (style-src-attr), so toolkit elements whose template sets
 * one (vscode-badge, vscode-progress-ring) stay out of the panels.
 */
export function pageSecurity(cspSource: string, nonce: string, more: string[] = []): string {
  const csp = [
    "default-src 'none'",
    `img-src ${cspSource}`,
    `style-src ${cspSource} 'nonce-${nonce}'`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
    ...more,
  ].join('; ');
  return `<meta http-equiv="Content-Security-Policy" content="${csp.replace(/["<>]/g, '')}">
<meta property="csp-nonce" content="${escapeHtml(nonce)}">`;
}

export function panelHtml(inputs: PanelHtmlInputs, nonce = makeNonce()): string {
  const security = pageSecurity(inputs.cspSource, nonce, [
    `media-src ${inputs.cspSource}`,
    // The gallery reads GIF rollouts' bytes to step through their frames: local files only.
    `connect-src ${inputs.cspSource}`,
  ]);
  const style = inputs.styleUri ? `\n<link rel="stylesheet" href="${escapeHtml(inputs.styleUri)}">` : '';
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
${security}
<meta name="viewport" content="width=device-width, initial-scale=1.0">${style}
<title>${escapeHtml(inputs.title)}</title>
</head>
<body>
<main id="${escapeHtml(inputs.rootId)}" aria-busy="true"><p class="loading">Loading…</p></main>
<script nonce="${nonce}" src="${escapeHtml(inputs.scriptUri)}"></script>
</body>
</html>`;
}
