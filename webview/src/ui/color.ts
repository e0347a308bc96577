/**
 * Colour arithmetic for readable panels (pure; no DOM): parsing the colours VS Code's theme
 * variables hold (#rgb, #rgba, #rrggbb, #rrggbbaa, rgb()/rgba()), alpha compositing, and the WCAG
 * 2.x contrast ratio — used to pick a text colour that stays readable on a tinted cell in every
 * theme, and by the end-to-end theme test to measure what the panels really show.
 */

export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0…1 */
  a: number;
}

/** WCAG 2.x AA for normal text. */
export const MIN_TEXT_CONTRAST = 4.5;

export function parseColor(input: string): Rgba | undefined {
  const s = input.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/.exec(s);
  if (hex) {
    let h = hex[1];
    if (h.length <= 4)
      h = h
        .split('')
        .map((c) => c + c)
        .join('');
    const n = (i: number) => parseInt(h.slice(i, i + 2), 16);
    return { r: n(0), g: n(2), b: n(4), a: h.length === 8 ? n(6) / 255 : 1 };
  }
  const fn = /^rgba?\(([^)]*)\)$/.exec(s);
  if (fn) {
    // rgb(1, 2, 3), rgba(1, 2, 3, 0.5), rgb(1 2 3 / 50%)
    const parts = fn[1].split(/[\s,/]+/).filter(Boolean);
    if (parts.length !== 3 && parts.length !== 4) return undefined;
    const channel = (p: string) => (p.endsWith('%') ? (parseFloat(p) / 100) * 255 : parseFloat(p));
    const [r, g, b] = parts.slice(0, 3).map(channel);
    const a = parts[3] === undefined ? 1 : parts[3].endsWith('%') ? parseFloat(parts[3]) / 100 : parseFloat(parts[3]);
    if (![r, g, b, a].every(Number.isFinite)) return undefined;
    const clamp = (v: number, hi: number) => Math.min(hi, Math.max(0, v));
    return { r: clamp(r, 255), g: clamp(g, 255), b: clamp(b, 255), a: clamp(a, 1) };
  }
  if (s === 'transparent') return { r: 0, g: 0, b: 0, a: 0 };
  return undefined;
}

/** `top` painted over `bottom` (source-over); the result is as opaque as the two together. */
export function over(top: Rgba, bottom: Rgba): Rgba {
  const a = top.a + bottom.a * (1 - top.a);
  if (a === 0) return { r: 0, g: 0, b: 0, a: 0 };
  const mix = (t: number, b: number) => (t * top.a + b * bottom.a * (1 - top.a)) / a;
  return { r: mix(top.r, bottom.r), g: mix(top.g, bottom.g), b: mix(top.b, bottom.b), a };
}

/** Layers from the top down, painted over an opaque base (e.g. an element's backgrounds up to the page's). */
export function flatten(layers: Rgba[], base: Rgba): Rgba {
  let out = { ...base, a: 1 };
  for (let i = layers.length - 1; i >= 0; i--) out = over(layers[i], out);
  return out;
}

/** WCAG relative luminance of an opaque colour. */
function luminance(c: Rgba): number {
  const lin = (v: number) => {
    const s = v / 255;
    return s <= 0.04045 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
  };
  return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

/** WCAG contrast ratio (1…21) of text colour `fg` on background `bg`; a translucent fg is composited on bg first. */
export function contrastRatio(fg: Rgba, bg: Rgba): number {
  const back = bg.a < 1 ? over(bg, { r: 255, g: 255, b: 255, a: 1 }) : bg;
  const front = fg.a < 1 ? over(fg, back) : fg;
  const [l1, l2] = [luminance(front), luminance(back)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}

/** The contrast of two CSS colour strings (NaN when either cannot be parsed). */
export function contrastOf(fg: string, bg: string): number {
  const f = parseColor(fg);
  const b = parseColor(bg);
  return f && b ? contrastRatio(f, b) : Number.NaN;
}

/**
 * The first candidate text colour with at least `min` contrast on `bg`, else the one with the most.
 * Candidates that cannot be parsed are skipped (the first is returned when none can).
 */
export function readableText(bg: string, candidates: string[], min = MIN_TEXT_CONTRAST): string {
  let best = candidates[0];
  let bestRatio = -1;
  for (const c of candidates) {
    const r = contrastOf(c, bg);
    if (!(r >= 0)) continue;
    if (r >= min) return c;
    if (r > bestRatio) {
      best = c;
      bestRatio = r;
    }
  }
  return best;
}

export function toCss(c: Rgba): string {
  const r = (v: number) => Math.round(v);
  return c.a >= 1 ? `rgb(${r(c.r)}, ${r(c.g)}, ${r(c.b)})` : `rgba(${r(c.r)}, ${r(c.g)}, ${r(c.b)}, ${Number(c.a.toFixed(3))})`;
}
