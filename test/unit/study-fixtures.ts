/**
 * Measured study results reused by the study tests: the history study (examples/study/history.vla.json,
 * docs/experiments.md, 2026-12-06), successes of 60 single-task episodes per training seed (seeds
 * 0, 1, 2) at history 1, 2, 4 and 8.
 */
export const HISTORY_STUDY_SUCCESSES: readonly [number, readonly number[]][] = [
  [1, [12, 19, 6]],
  [2, [6, 27, 12]],
  [4, [32, 14, 28]],
  [8, [37, 36, 35]],
];
