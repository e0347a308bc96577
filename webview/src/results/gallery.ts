/**
 * The rollout gallery's logic (pure): filtering by task and outcome, the task list for the filter,
 * and frame stepping for the player controls.
 */
import type { MediaItem } from '../../../extension/shared/messages/results';

export type Outcome = 'all' | 'success' | 'failure';

export interface GalleryFilter {
  task: string; // '' = every task
  outcome: Outcome;
}

export function filterMedia(items: readonly MediaItem[], f: GalleryFilter): MediaItem[] {
  return items.filter(
    (m) =>
      (f.task === '' || m.task === f.task) && (f.outcome === 'all' || (f.outcome === 'success' ? m.success === true : m.success === false)),
  );
}

export function tasksOf(items: readonly MediaItem[]): string[] {
  return [...new Set(items.map((m) => m.task).filter((t): t is string => typeof t === 'string' && t.length > 0))].sort();
}

/** Seconds per frame: from the clip's frame count when known, else the 30 Hz control rate CALVIN records at. */
function frameDuration(durationS: number, frames: number | undefined): number {
  if (frames && frames > 0 && Number.isFinite(durationS) && durationS > 0) return durationS / frames;
  return 1 / 30;
}

/** The time one frame forward/back, clamped to the clip. */
export function stepTime(current: number, direction: 1 | -1, durationS: number, frames: number | undefined): number {
  const dt = frameDuration(durationS, frames);
  const next = current + direction * dt;
  const end = Number.isFinite(durationS) && durationS > 0 ? durationS : Number.POSITIVE_INFINITY;
  return Math.min(Math.max(0, next), end);
}

/** One line describing a clip (aria-label and caption). */
export function describeClip(m: MediaItem, runLabel: string): string {
  const outcome = m.success === true ? 'success' : m.success === false ? 'failure' : 'outcome unknown';
  const where = m.chain !== undefined ? `, chain ${m.chain + 1}${m.subtask !== undefined ? ` subtask ${m.subtask + 1}` : ''}` : '';
  return `${m.task ?? 'rollout'} (${outcome})${where}, ${runLabel}`;
}
