/**
 * Training-health alarms computable from logged scalars alone — a flat validation loss, gripper
 * accuracy stuck near 50%, an exploding gradient norm — for runs whose trainer does not compute
 * them itself (RoboVLMs: its TensorBoard/CSV scalars reach us through core/adapters/robovlms-logs.ts).
 *
 * Codes, advice and thresholds come from schemas/training-health.json, which the built-in trainer
 * (python/vlalab/trainer/health.py) reads too; the detectors follow the Python ones rule for rule,
 * and test/python/test_training_health.py feeds both the same streams. Each alarm is one `warning`
 * event, emitted once per run.
 */
import health from '../../../schemas/training-health.json';
import type { RunEvent, WarningEvent } from '../generated/events';

type Threshold = { value: number; why: string };
type Alarm = { title: string; advice: string; from: string[] } & Record<string, Threshold | string | string[]>;

export const ALARMS = health.alarms as unknown as Record<string, Alarm>;

/** The alarm codes a run's warnings may carry (the keys of the JSON). */
export const HEALTH_CODES: readonly string[] = Object.keys(ALARMS);

export function isHealthCode(code: unknown): code is string {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ALARMS, code);
}

function threshold(code: string, name: string): number {
  return (ALARMS[code][name] as Threshold).value;
}

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** `g` format of Python's `:.4g` etc.: the same text on both sides for the same numbers. */
const g = (x: number, digits: number): string => String(Number(x.toPrecision(digits)));

class GripperAtChance {
  static readonly code = 'gripper-at-chance';
  private readonly band = threshold(GripperAtChance.code, 'band');
  private readonly window = threshold(GripperAtChance.code, 'window_steps');
  private readonly minPoints = threshold(GripperAtChance.code, 'min_points');
  private since: number | null = null;
  private points = 0;

  constructor(private readonly after = threshold(GripperAtChance.code, 'after_step')) {}

  add(step: number, accuracy: number | null): string | null {
    if (step < this.after || accuracy === null || !Number.isFinite(accuracy)) return null;
    if (Math.abs(accuracy - 0.5) > this.band) {
      this.since = null;
      this.points = 0;
      return null;
    }
    this.since ??= step;
    this.points++;
    if (this.points >= this.minPoints && step - this.since >= this.window) {
      return `gripper accuracy stayed within 0.5 ± ${this.band} from step ${this.since} to ${step} (last ${accuracy.toFixed(2)}): no better than guessing`;
    }
    return null;
  }
}

class ValLossFlat {
  static readonly code = 'val-loss-flat';
  private readonly points = threshold(ValLossFlat.code, 'points');
  private readonly range = threshold(ValLossFlat.code, 'relative_range');
  private readonly lrFraction = threshold(ValLossFlat.code, 'lr_fraction');
  private values: number[] = [];
  private peakLr = 0;

  /** `lr`: the learning rate at that step when known (not judged in the schedule's tail). */
  add(step: number, loss: number | null, lr?: number): string | null {
    if (loss === null || !Number.isFinite(loss)) return null;
    this.values = [...this.values, loss].slice(-this.points);
    if (lr !== undefined && Number.isFinite(lr)) {
      this.peakLr = Math.max(this.peakLr, lr);
      if (this.peakLr > 0 && lr < this.lrFraction * this.peakLr) return null;
    }
    if (this.values.length < this.points) return null;
    const lo = Math.min(...this.values),
      hi = Math.max(...this.values);
    const mean = this.values.reduce((s, v) => s + v, 0) / this.values.length;
    if (hi - lo <= this.range * Math.abs(mean)) {
      return `validation loss ${g(mean, 4)} moved by ${g((100 * (hi - lo)) / Math.max(Math.abs(mean), 1e-12), 3)}% over the last ${this.points} validations (up to step ${step})`;
    }
    return null;
  }
}

/**
 * A gradient norm above factor × the median of the previous baseline_points norms on at least
 * above_steps of the last within_steps steps (a lone spike, which clipping handles, is not an
 * explosion), or not finite (at once).
 */
class GradNormExploding {
  static readonly code = 'grad-norm-exploding';
  private readonly factor = threshold(GradNormExploding.code, 'factor');
  private readonly keep = threshold(GradNormExploding.code, 'baseline_points');
  private readonly minBaseline = threshold(GradNormExploding.code, 'min_baseline');
  private readonly above = threshold(GradNormExploding.code, 'above_steps');
  private readonly within = threshold(GradNormExploding.code, 'within_steps');
  private recent: number[] = [];
  private high: boolean[] = [];

  /** `norm`: null is a non-finite value in the log (the events protocol writes NaN/Inf as null). */
  add(step: number, norm: number | null): string | null {
    if (norm === null || !Number.isFinite(norm)) return `gradient norm is ${norm === null ? 'not finite' : norm} at step ${step}`;
    const baseline = this.recent.length;
    const m = baseline >= this.minBaseline ? median(this.recent) : 0;
    const high = m > 0 && norm > this.factor * m;
    this.recent = [...this.recent, norm].slice(-this.keep);
    this.high = [...this.high, high].slice(-this.within);
    const count = this.high.filter(Boolean).length;
    if (high && count >= this.above) {
      return `gradient norm ${g(norm, 3)} at step ${step}, ${Math.round(norm / m)}× the median ${g(m, 3)} of the last ${baseline} steps; ${count} of the last ${this.high.length} steps above ${this.factor}×`;
    }
    return null;
  }
}

/**
 * An alarm's advice; for an exploding gradient norm in a run that clips gradients already
 * (`gradClip` > 0), the JSON's advice_clipped with the clip value in it.
 */
export function healthAdvice(code: string, gradClip?: number | null): string {
  const alarm = ALARMS[code];
  if (gradClip && typeof alarm.advice_clipped === 'string') return alarm.advice_clipped.replace('{clip}', g(gradClip, 6));
  return alarm.advice;
}

/** Scalar names the alarms read: ours, and what core/tensorboard/tags.ts maps RoboVLMs' tags to. */
const GRIPPER = /^train\/acc_gripper$/;
const VAL_LOSS = /^val\/loss$/;
const LR = /^train\/lr$/;
// our trainer's curve; Lightning's track_grad_norm / grad_norm() logs `grad_2.0_norm_total`
const GRAD_NORM = /^(train\/grad_norm|(train\/)?grad_2\.0_norm_total)$/;

/**
 * Turns a run's scalar events into health warnings, each code at most once. Feed it events in
 * the order they were logged; values of a step not after the last one of the same curve (a
 * resumed run logging steps again) are skipped.
 */
export class ScalarHealthMonitor {
  private readonly emitted: Set<string>;
  private readonly gripper = new GripperAtChance();
  private readonly val = new ValLossFlat();
  private readonly grad = new GradNormExploding();
  private readonly lastStep = new Map<string, number>();
  private lr: number | undefined;

  /**
   * `already`: codes the run's events hold (a restarted supervisor does not repeat them).
   * `gradClip`: the run's gradient-norm clip when known (RoboVLMs' top-level gradient_clip_val;
   * 0 = off), which the exploding-gradient advice names.
   */
  constructor(
    already: Iterable<string> = [],
    private readonly gradClip?: number | null,
  ) {
    this.emitted = new Set(already);
  }

  add(events: readonly RunEvent[]): WarningEvent[] {
    const out: WarningEvent[] = [];
    const warn = (code: string, message: string | null, step: number, t: number) => {
      if (message === null || this.emitted.has(code)) return;
      this.emitted.add(code);
      out.push({ v: 1, type: 'warning', t, code, message, advice: healthAdvice(code, this.gradClip), step });
    };
    for (const e of events) {
      if (e.type !== 'scalar') continue;
      const previous = this.lastStep.get(e.name);
      if (previous !== undefined && e.step <= previous) continue;
      this.lastStep.set(e.name, e.step);
      if (LR.test(e.name)) {
        if (e.value !== null) this.lr = e.value;
      } else if (GRIPPER.test(e.name)) {
        warn(GripperAtChance.code, this.gripper.add(e.step, e.value), e.step, e.t);
      } else if (VAL_LOSS.test(e.name)) {
        warn(ValLossFlat.code, this.val.add(e.step, e.value, this.lr), e.step, e.t);
      } else if (GRAD_NORM.test(e.name)) {
        warn(GradNormExploding.code, this.grad.add(e.step, e.value), e.step, e.t);
      }
    }
    return out;
  }
}
