/**
 * The flags the study commands share, checked in one place so that each says the same thing:
 * `--metric` and `--task` (`vla-lab report`, `vla-lab curve`), `--alpha` (`report`, `tasks`).
 */
import { UserError } from '../core/errors';
import {
  STUDY_METRIC_FLAGS,
  STUDY_METRICS,
  studyMetric,
  studyTasks,
  type StudyMetricKey,
  type SweepRunInput,
} from '../core/metrics/study-report';

/** --metric's values, as the usage lines list them. */
export const METRIC_FLAGS = Object.keys(STUDY_METRIC_FLAGS);
/** The --metric values --task can restrict to one task. */
export const TASK_METRIC_FLAGS = METRIC_FLAGS.filter((f) => STUDY_METRICS[STUDY_METRIC_FLAGS[f]].perTask);

/** Refuses a --metric that is not a study metric, before any run is read. */
export function checkMetricFlag(command: string, metric: string | undefined): void {
  if (metric !== undefined && !Object.hasOwn(STUDY_METRIC_FLAGS, metric))
    throw new UserError(
      `${command}: --metric is ${METRIC_FLAGS.slice(0, -1).join(', ')} or ${METRIC_FLAGS[METRIC_FLAGS.length - 1]}, not ${JSON.stringify(metric)}`,
    );
}

/**
 * The metric (--metric, else the one the runs evaluated: study-report's studyMetric) and the task
 * (--task), refused in one line when --task names no task of the runs' single-task evaluations or
 * the metric has no per-task value. `whose` names the runs in that line ("sweep X's", "these runs'").
 */
export function studyMetricFlags(
  command: string,
  values: { metric?: string; task?: string },
  inputs: readonly SweepRunInput[],
  whose: string,
): { metric: StudyMetricKey; task?: string } {
  checkMetricFlag(command, values.metric);
  const metric = values.metric ? STUDY_METRIC_FLAGS[values.metric] : studyMetric(inputs);
  const task = values.task;
  if (task === undefined) return { metric };
  if (!STUDY_METRICS[metric].perTask)
    throw new UserError(
      `${command}: --task restricts ${TASK_METRIC_FLAGS.join(' or ')} to one task, not ${STUDY_METRICS[metric].label}; add --metric ${TASK_METRIC_FLAGS[0]}`,
    );
  const tasks = studyTasks(inputs);
  if (!tasks.includes(task))
    throw new UserError(
      `${command}: --task ${JSON.stringify(task)} is not a task of ${whose} single-task evaluations (${tasks.length ? `tasks: ${tasks.join(', ')}` : 'none has per-task results yet'})`,
    );
  return { metric, task };
}

/** --alpha: the family-wise error rate of a Holm correction, strictly between 0 and 1 (default 0.05). */
export function alphaFlag(command: string, value: string | undefined): number {
  const alpha = value === undefined ? 0.05 : Number(value);
  if (!(alpha > 0 && alpha < 1)) throw new UserError(`${command}: --alpha is a number between 0 and 1, not ${JSON.stringify(value)}`);
  return alpha;
}
