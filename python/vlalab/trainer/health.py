"""Training-health alarms, computed while training: gripper accuracy stuck near chance, collapsed
action predictions, a flat validation loss, an exploding gradient norm, stalled throughput, and an
evaluation where every episode failed.

Each alarm is one `warning` event (a stable code, what was seen, one line of advice) emitted once
per run. Codes, advice and thresholds come from schemas/training-health.json, which the RoboVLMs
log adapter (extension/core/health/monitor.ts) reads too: the three alarms computable from logged
scalars behave the same on both sides. The detectors are plain functions of metric streams, so
tests feed them crafted streams; `HealthMonitor` wires them to the loop and the event writer."""

import json
import math
import os
import statistics

import torch

HEALTH_PATH = os.path.join(os.path.dirname(__file__), "..", "..", "..", "schemas", "training-health.json")

with open(HEALTH_PATH, encoding="utf-8") as _f:
    ALARMS = json.load(_f)["alarms"]


def threshold(code, name):
    return ALARMS[code][name]["value"]


class GripperAtChance:
    """Accuracy within 0.5 ± band for every logged value over window_steps (after warm-up)."""

    code = "gripper-at-chance"

    def __init__(self, after_step=None):
        t = lambda n: threshold(self.code, n)  # noqa: E731
        self.after = t("after_step") if after_step is None else after_step
        self.band, self.window, self.min_points = t("band"), t("window_steps"), t("min_points")
        self.since, self.points = None, 0

    def add(self, step, accuracy):
        if step < self.after or accuracy is None or not math.isfinite(accuracy):
            return None
        if abs(accuracy - 0.5) > self.band:
            self.since, self.points = None, 0
            return None
        if self.since is None:
            self.since = step
        self.points += 1
        if self.points >= self.min_points and step - self.since >= self.window:
            return (
                f"gripper accuracy stayed within 0.5 ± {self.band:g} from step {self.since} to {step} "
                f"(last {accuracy:.2f}): no better than guessing"
            )
        return None


class ValLossFlat:
    """The last `points` validation losses within a relative range of `relative_range`, judged
    only while the learning rate (when known) is above lr_fraction of the highest one so far."""

    code = "val-loss-flat"

    def __init__(self):
        t = lambda n: threshold(self.code, n)  # noqa: E731
        self.points, self.range, self.lr_fraction = t("points"), t("relative_range"), t("lr_fraction")
        self.values, self.peak_lr = [], 0.0

    def add(self, step, loss, lr=None):
        if loss is None or not math.isfinite(loss):
            return None
        self.values = (self.values + [loss])[-self.points :]
        if lr is not None and math.isfinite(lr):
            self.peak_lr = max(self.peak_lr, lr)
            if self.peak_lr > 0 and lr < self.lr_fraction * self.peak_lr:
                return None  # the schedule's tail: small steps, small changes, nothing wrong
        if len(self.values) < self.points:
            return None
        lo, hi = min(self.values), max(self.values)
        mean = sum(self.values) / len(self.values)
        if (hi - lo) <= self.range * abs(mean):
            return (
                f"validation loss {mean:.4g} moved by {100 * (hi - lo) / max(abs(mean), 1e-12):.3g}% over the last "
                f"{self.points} validations (up to step {step})"
            )
        return None


class GradNormExploding:
    """A gradient norm above factor × the median of the previous baseline_points norms on at least
    `above_steps` of the last `within_steps` steps (a lone spike, which clipping handles, is not an
    explosion), or not finite (at once)."""

    code = "grad-norm-exploding"

    def __init__(self):
        t = lambda n: threshold(self.code, n)  # noqa: E731
        self.factor, self.keep, self.min_baseline = t("factor"), t("baseline_points"), t("min_baseline")
        self.above, self.within = t("above_steps"), t("within_steps")
        self.recent, self.high = [], []

    def add(self, step, norm):
        if norm is None:
            return None
        if not math.isfinite(norm):
            return f"gradient norm is {norm} at step {step}"
        high, median, baseline = False, None, len(self.recent)
        if baseline >= self.min_baseline:
            median = statistics.median(self.recent)
            high = median > 0 and norm > self.factor * median
        self.recent = (self.recent + [norm])[-self.keep :]
        self.high = (self.high + [high])[-self.within :]
        if high and sum(self.high) >= self.above:
            return (
                f"gradient norm {norm:.3g} at step {step}, {norm / median:.0f}× the median {median:.3g} of the last "
                f"{baseline} steps; {sum(self.high)} of the last {len(self.high)} steps above {self.factor:g}×"
            )
        return None


def advice(code, grad_clip=None):
    """The alarm's advice; for an exploding gradient norm in a run that clips gradients already
    (grad_clip > 0), the JSON's advice_clipped with the clip value in it."""
    alarm = ALARMS[code]
    if grad_clip and "advice_clipped" in alarm:
        return alarm["advice_clipped"].replace("{clip}", f"{grad_clip:g}")
    return alarm["advice"]


class ThroughputStall:
    """samples/s of `consecutive` log windows in a row below fraction × the median of the earlier ones."""

    code = "throughput-stall"

    def __init__(self):
        t = lambda n: threshold(self.code, n)  # noqa: E731
        self.fraction, self.baseline, self.consecutive = t("fraction"), t("baseline_windows"), t("consecutive")
        self.rates, self.low = [], 0

    def add(self, step, samples_per_s):
        if samples_per_s is None or not math.isfinite(samples_per_s) or samples_per_s <= 0:
            return None
        # the first window holds start-up (allocation, first batches): never part of the baseline
        history = self.rates[1:]
        message = None
        if len(history) >= self.baseline:
            median = statistics.median(history)
            if samples_per_s < self.fraction * median:
                self.low += 1
                if self.low >= self.consecutive:
                    message = (
                        f"{samples_per_s:.3g} samples/s at step {step}, {samples_per_s / median:.0%} of the run's median "
                        f"{median:.3g} for {self.low} log windows in a row"
                    )
                return message  # a stalled window is not part of the baseline
            self.low = 0
        self.rates.append(samples_per_s)
        return message


class ActionsCollapsed:
    """The predictions' spread across a batch far below the targets' (mean over arm dimensions)."""

    code = "actions-collapsed"

    def __init__(self):
        t = lambda n: threshold(self.code, n)  # noqa: E731
        self.after, self.every = t("after_step"), t("probe_every")
        self.samples, self.ratio, self.consecutive = t("probe_samples"), t("spread_ratio"), t("consecutive")
        self.low = 0

    def due(self, step):
        return step >= self.after and step % self.every == 0

    def add(self, step, predicted_std, target_std):
        """predicted_std, target_std: per arm dimension (same units), from one batch."""
        keep = [(p, d) for p, d in zip(predicted_std, target_std) if d > 1e-8]
        if not keep:
            return None  # targets without spread (one repeated motion): nothing to compare against
        ratio = sum(p / d for p, d in keep) / len(keep)
        if ratio >= self.ratio:
            self.low = 0
            return None
        self.low += 1
        if self.low >= self.consecutive:
            return (
                f"predicted arm actions vary {ratio:.3f}× as much as the targets across a batch at step {step} "
                f"(below {self.ratio:g}× for {self.low} probes in a row)"
            )
        return None


@torch.no_grad()
def action_spread(policy, batch, samples):
    """(predicted std, target std) per arm dimension, in env units, over the first `samples`
    windows of a training batch: the first action of the chunk predicted at the last step, against
    the same target (the action the window should take next)."""
    was_training = policy.training
    policy.eval()
    try:
        n = min(samples, batch["images"].shape[0])
        pred = policy.predict(batch["images"][:n], batch["ids"][:n], batch["mask"][:n])[:, 0, :-1].float()
        target = batch["actions"][:n, -1, 0, :-1].float()
        valid = batch["action_mask"][:n, -1, 0].bool()
        if int(valid.sum()) < 2:
            return None
        return pred[valid].std(0).tolist(), target[valid].std(0).tolist()
    finally:
        policy.train(was_training)


def eval_all_failed(task_info):
    """The eval-all-failed message for one evaluation's task counts, or None."""
    total = sum(int(c.get("total", 0)) for c in task_info.values())
    success = sum(int(c.get("success", 0)) for c in task_info.values())
    if total >= threshold("eval-all-failed", "min_episodes") and success == 0:
        return f"0 of {total} evaluated subtasks succeeded ({', '.join(sorted(task_info))})"
    return None


def warn_eval_all_failed(events, step, task_info, log=None):
    """Writes the eval-all-failed warning for one evaluation when it applies; True when it did
    (the caller stops asking: the alarm is once per run)."""
    message = eval_all_failed(task_info)
    if message is None:
        return False
    advice = ALARMS["eval-all-failed"]["advice"]
    events.emit("warning", code="eval-all-failed", message=message, advice=advice, step=step)
    if log:
        log(f"warning [eval-all-failed]: {message} — {advice}")
    return True


def grad_norm(parameters):
    """The global L2 norm of the gradients (what clip_grad_norm_ measures), without clipping."""
    norms = [p.grad.detach().float().norm(2) for p in parameters if p.grad is not None]
    return float(torch.stack(norms).norm(2)) if norms else 0.0


class HealthMonitor:
    """The alarms of one run: feeds the detectors and writes each alarm once as a `warning` event
    (plus a line on stdout). `already` holds codes this run emitted before (a resumed run does not
    repeat them)."""

    def __init__(self, events, log=None, warmup_steps=0, already=(), grad_clip=0.0):
        self.events, self.log, self.grad_clip = events, log, grad_clip
        self.emitted = set(already)
        # gripper accuracy is judged after the lr warm-up too: until then it cannot have learned
        self.gripper = GripperAtChance(max(threshold(GripperAtChance.code, "after_step"), warmup_steps))
        self.val = ValLossFlat()
        self.grad = GradNormExploding()
        self.speed = ThroughputStall()
        self.collapse = ActionsCollapsed()

    def warn(self, code, message, step=None):
        if message is None or code in self.emitted:
            return
        self.emitted.add(code)
        text = advice(code, self.grad_clip)
        self.events.emit("warning", code=code, message=message, advice=text, step=step)
        if self.log:
            self.log(f"warning [{code}]: {message} — {text}")

    def on_grad_norm(self, step, norm):
        self.warn(GradNormExploding.code, self.grad.add(step, norm), step)

    def on_train_log(self, step, means, samples_per_s):
        self.warn(GripperAtChance.code, self.gripper.add(step, means.get("acc_gripper")), step)
        self.warn(ThroughputStall.code, self.speed.add(step, samples_per_s), step)

    def on_validation(self, step, loss, lr):
        self.warn(ValLossFlat.code, self.val.add(step, loss, lr), step)

    def probe_actions(self, step, policy, batch):
        if ActionsCollapsed.code in self.emitted or not self.collapse.due(step):
            return
        spread = action_spread(policy, batch, self.collapse.samples)
        if spread is not None:
            self.warn(ActionsCollapsed.code, self.collapse.add(step, *spread), step)

    def on_eval(self, step, task_info):
        self.warn("eval-all-failed", eval_all_failed(task_info), step)


def emitted_codes(events_path):
    """Codes of the health warnings an events.jsonl already holds (resume: each alarm stays once)."""
    codes = set()
    if not os.path.exists(events_path):
        return codes
    with open(events_path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if '"warning"' not in line:
                continue
            try:
                rec = json.loads(line)
            except ValueError:
                continue
            if isinstance(rec, dict) and rec.get("type") == "warning" and rec.get("code") in ALARMS:
                codes.add(rec["code"])
    return codes
