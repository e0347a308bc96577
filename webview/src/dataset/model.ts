/**
 * The dataset panel's pure logic (no DOM, tested in Node): searching the episode list, the rows a
 * virtualised list draws, playback timing, and a channel of an episode as chart points.
 */
import type { DatasetEpisode, Histogram } from '../../../extension/shared/messages/dataset';

/** Playback rate when the dataset does not say (CALVIN's layout has no fps field). */
export const DEFAULT_FPS = 15;
/** Height of one row of the episode list (CSS keeps the same number). */
export const ROW_HEIGHT = 24;

/**
 * Episodes whose instruction or task contains every word of the query (case-insensitive); `#12`
 * finds episode 12, `>100` / `<50` episodes longer / shorter than that many frames.
 */
export function filterEpisodes(episodes: readonly DatasetEpisode[], query: string): DatasetEpisode[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (!words.length) return episodes.slice();
  return episodes.filter((e) => {
    const text = `${e.instruction}\n${e.task}\n${e.split ?? ''}`.toLowerCase();
    return words.every((w) => {
      if (/^#\d+$/.test(w)) return e.index === Number(w.slice(1));
      if (/^>\d+$/.test(w)) return e.length > Number(w.slice(1));
      if (/^<\d+$/.test(w)) return e.length < Number(w.slice(1));
      return text.includes(w);
    });
  });
}

/** The rows [first, last) a list of `total` rows draws at this scroll position (plus `overscan` each side). */
export function visibleRows(
  scrollTop: number,
  viewportHeight: number,
  total: number,
  rowHeight = ROW_HEIGHT,
  overscan = 8,
): { first: number; last: number } {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(total, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last) };
}

export function playbackFps(fps: number | null): number {
  return fps && fps > 0 && Number.isFinite(fps) ? fps : DEFAULT_FPS;
}

/** The frame to show after `elapsedMs` of playback from `startFrame` (wrapping at the end). */
export function frameAt(startFrame: number, elapsedMs: number, fps: number, length: number): number {
  if (length <= 0) return 0;
  return (startFrame + Math.floor((elapsedMs / 1000) * fps)) % length;
}

/** Dimension `d` of the rows as {x: frame, y} points (null values stay gaps). */
export function channel(rows: readonly (readonly (number | null)[])[], d: number): { x: number; y: number | null }[] {
  return rows.map((r, t) => ({ x: t, y: r[d] ?? null }));
}

/** Bin centres and counts of a histogram (what a bar chart draws). */
export function histogramBars(h: Histogram): { x: number; count: number }[] {
  return h.counts.map((count, i) => ({ x: (h.edges[i] + h.edges[i + 1]) / 2, count }));
}

export { conventionView, fmt } from '../../../extension/core/dataset/format';
