/**
 * TensorBoard tag → VLA Lab scalar name (ScalarEvent.name, schemas/events.schema.json).
 *
 * RoboVLMs logs through PyTorch Lightning as `{phase}_{metric}` (BaseTrainer._log_output), with a
 * `{dataset}_` prefix on validation metrics when several validation sets are configured, and
 * Lightning's LearningRateMonitor adds `lr-{Optimizer}` (plus `/pg{i}` per parameter group and
 * `-momentum`). Our names are slash-separated and drop RoboVLMs' `_act` suffix:
 *
 * | RoboVLMs / Lightning tag          | VLA Lab name              |
 * |-----------------------------------|---------------------------|
 * | train_loss                        | train/loss                |
 * | train_loss_arm_act                | train/loss_arm            |
 * | train_loss_gripper_act            | train/loss_gripper        |
 * | train_acc_gripper_act             | train/acc_gripper         |
 * | train_acc_arm_act                 | train/acc_arm             |
 * | train_loss_act                    | train/loss_act (kept)     |
 * | train_<metric>                    | train/<metric>            |
 * | val_<metric>                      | val/<metric> (same rules) |
 * | <dataset>_val_<metric>            | val/<dataset>/<metric>    |
 * | lr-AdamW (any optimizer)          | train/lr                  |
 * | lr-AdamW/pg2                      | train/lr/pg2              |
 * | lr-AdamW-momentum                 | train/momentum            |
 * | anything else, e.g. episode/MSE Loss | kept, normalised       |
 *
 * Normalisation makes any tag fit the schema's name pattern: characters outside `[A-Za-z0-9_.-]`
 * (and spaces in the first segment) become `_`, empty segments are dropped.
 */

/** Metric-name suffixes RoboVLMs uses for action losses, renamed as in the table above. */
const METRIC_RENAMES: Record<string, string> = {
  loss_arm_act: 'loss_arm',
  loss_gripper_act: 'loss_gripper',
  acc_gripper_act: 'acc_gripper',
  acc_arm_act: 'acc_arm',
};

const PHASE_TAG = /^(?:([A-Za-z0-9_.-]+?)_)?(train|val|test)_(.+)$/;
const LR_TAG = /^lr-[A-Za-z0-9_]+(-momentum)?(\/pg\d+)?$/;

function normaliseTagName(tag: string): string {
  const segments = tag
    .split('/')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
  if (segments.length === 0) return '_';
  return segments.map((s, i) => s.replace(i === 0 ? /[^A-Za-z0-9_.-]/g : /[^A-Za-z0-9_. -]/g, '_')).join('/');
}

/** Maps a Lightning/RoboVLMs TensorBoard (or CSV column) tag to a VLA Lab scalar name. */
export function mapRoboVLMsTag(tag: string): string {
  const lr = LR_TAG.exec(tag);
  if (lr) return lr[1] ? 'train/momentum' + (lr[2] ?? '') : 'train/lr' + (lr[2] ?? '');
  const m = PHASE_TAG.exec(tag);
  if (m && !tag.includes('/')) {
    const [, dataset, phase, metric] = m;
    // A dataset prefix only makes sense on evaluation phases (RoboVLMs never prefixes train_).
    if (dataset === undefined || phase !== 'train') {
      const name = METRIC_RENAMES[metric] ?? metric;
      return normaliseTagName(dataset ? `${phase}/${dataset}/${name}` : `${phase}/${name}`);
    }
  }
  return normaliseTagName(tag);
}
