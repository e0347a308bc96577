/**
 * The one rule for the names that become folders under runs/: experiment names (a spec's "name",
 * a sweep point's name, an imported log directory's name) and run ids. `validate`, the runner and
 * the editor all ask this module, so a name `validate` accepts is never refused (or hidden) later.
 *
 * Pure (no imports): the spec rules, the runner and the VS Code layer share it.
 */

export const NAME_MAX = 100;
/** Letters, digits, '-', '_' and '.': what a folder name may hold on every file system. */
export const NAME_PATTERN = /^[A-Za-z0-9_.-]+$/;
/** Run ids also start with a letter or digit (schemas/run.schema.json `id`). */
const RUN_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/;
/** Folders of runs/ that are VLA Lab's own, not experiments (compared case-insensitively: macOS). */
const RESERVED_NAMES: readonly string[] = ['_data'];

/** Why `name` cannot name an experiment folder under runs/, or null when it can. */
export function experimentNameProblem(name: unknown): string | null {
  if (typeof name !== 'string' || name.length === 0) return 'it is empty';
  if (name.length > NAME_MAX) return `it is longer than ${NAME_MAX} characters`;
  if (!NAME_PATTERN.test(name)) return "use letters, digits, '-', '_' and '.' only (it names a folder under runs/)";
  if (name.startsWith('.')) return "it starts with '.': runs/.queue and other dot folders are VLA Lab's own";
  if (RESERVED_NAMES.includes(name.toLowerCase())) return `runs/${name} is where VLA Lab keeps generated data`;
  return null;
}

export function isValidExperimentName(name: unknown): name is string {
  return experimentNameProblem(name) === null;
}

export function isValidRunId(id: unknown): id is string {
  return typeof id === 'string' && id.length <= NAME_MAX && RUN_ID_PATTERN.test(id) && !id.includes('..');
}
