/**
 * Colours from VS Code's theme (the CSS variables it sets on the webview's <html>/<body>), so
 * panels read well in light, dark and high-contrast themes, and a hook that fires when the theme
 * changes (VS Code swaps the body's `vscode-light` / `vscode-dark` / `vscode-high-contrast` class).
 */

/** VS Code's chart palette (Theme Color Reference: charts.*), in the order runs get them. */
const CHART_COLOR_VARS = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
  '--vscode-charts-red',
  '--vscode-charts-yellow',
];
/** Used when a variable is missing (an old VS Code): the same hues. */
const FALLBACK = ['#3794ff', '#d18616', '#89d185', '#b180d7', '#f14c4c', '#cca700'];

export interface ThemeColors {
  foreground: string;
  muted: string;
  grid: string;
  background: string;
  series: string[];
  highContrast: boolean;
}

function cssVar(style: CSSStyleDeclaration, name: string, fallback: string): string {
  const v = style.getPropertyValue(name).trim();
  return v || fallback;
}

export function readTheme(): ThemeColors {
  const style = getComputedStyle(document.body);
  const highContrast =
    document.body.classList.contains('vscode-high-contrast') || document.body.classList.contains('vscode-high-contrast-light');
  return {
    foreground: cssVar(style, '--vscode-foreground', '#cccccc'),
    muted: cssVar(style, '--vscode-descriptionForeground', '#999999'),
    grid: cssVar(style, highContrast ? '--vscode-contrastBorder' : '--vscode-editorWidget-border', 'rgba(128,128,128,0.35)'),
    background: cssVar(style, '--vscode-editor-background', '#1e1e1e'),
    series: CHART_COLOR_VARS.map((v, i) => cssVar(style, v, FALLBACK[i])),
    highContrast,
  };
}

/** Calls `onChange` when VS Code changes the theme (the body's class list changes). */
export function onThemeChange(onChange: () => void): () => void {
  const observer = new MutationObserver(() => onChange());
  observer.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-kind', 'style'] });
  return () => observer.disconnect();
}

/** A colour with opacity: works for #rgb/#rrggbb and rgb()/rgba() strings. */
export function withAlpha(color: string, alpha: number): string {
  const hex = color.match(/^#([0-9a-f]{3}|[0-9a-f]{6}|[0-9a-f]{8})$/i);
  if (hex) {
    let s = hex[1];
    if (s.length === 3)
      s = s
        .split('')
        .map((c) => c + c)
        .join('');
    const [r, g, b] = [0, 2, 4].map((i) => parseInt(s.slice(i, i + 2), 16));
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  const rgb = color.match(/^rgba?\(([^)]+)\)$/i);
  if (rgb) {
    const [r, g, b] = rgb[1].split(',').map((x) => x.trim());
    return `rgba(${r}, ${g}, ${b}, ${alpha})`;
  }
  return color;
}
