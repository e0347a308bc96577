"""How predicted action chunks become robot actions during evaluation (spec eval[].execution), with
a simulated inference delay (eval[].delay).

Time model: a chunk predicted from the observation of control step s is available from step
s + delay, and its action i is the one the policy meant for step s + i. The robot holds still (zero
relative motion, gripper as last commanded) while no action is due. Strategies:

  first     predict every step; execute the newest available chunk's first action (receding
            horizon, RoboVLMs' CALVIN evaluation). With a delay that action is `delay` steps stale.
  chunk     predict, wait for the chunk, execute all of it open-loop, predict again (synchronous).
  ensemble  predict every step; execute the average of every available chunk's action for this
            step, weights exp(-decay·i) counted from the oldest (ACT, Zhao et al. 2023).
  rtc       real-time chunking (Black et al. 2025): every `rtc_horizon` steps request the next
            chunk while the current one keeps executing; the sampler freezes the new chunk's first
            `delay` actions to the ones being executed meanwhile and softly inpaints the rest of the
            overlap towards the current chunk (flow and diffusion heads: VLAPolicy.predict's `inpaint`);
            with `rtc_guidance` β the flow head corrects its velocity towards them instead (the paper's
            guided form, heads/flow.py).

The spec rules (extension/core/spec/rules/heads.ts) flag the same impossible settings in the editor."""

import math

import numpy as np

STRATEGIES = ("first", "chunk", "ensemble", "rtc")


def execution_protocol(entry, chunk, head_type, generative):
    """The execution settings of an eval entry, checked against the policy: a dict recorded in the
    result's `protocol`; ValueError (one line) when the strategy cannot run with this policy."""
    how, delay = entry.get("execution", "first"), int(entry.get("delay", 0))
    if how not in STRATEGIES:
        raise ValueError(f"unknown execution '{how}' (one of {', '.join(STRATEGIES)})")
    out = {"execution": how, "delay": delay}
    if how in ("ensemble", "rtc") and chunk < 2:
        raise ValueError(f"execution '{how}' combines overlapping chunks but policy.chunk is {chunk}: predict chunks, or execute 'first'")
    if how == "ensemble":
        if delay >= chunk:
            raise ValueError(f"execution 'ensemble' with delay {delay} ≥ chunk {chunk}: no action of an arriving chunk is still due")
        out["ensemble_decay"] = float(entry.get("ensemble_decay", 0.01))
    if how == "rtc":
        if not generative:
            raise ValueError(
                f"execution 'rtc' inpaints chunks while sampling them, which needs a generative head (flow or diffusion), not '{head_type}'"
            )
        horizon = int(entry.get("rtc_horizon") or chunk // 2)
        if not (delay <= horizon and horizon + delay <= chunk):
            raise ValueError(f"execution 'rtc' needs delay ({delay}) ≤ rtc_horizon ({horizon}) and rtc_horizon + delay ≤ chunk ({chunk})")
        out["rtc_horizon"] = horizon
    if entry.get("rtc_guidance") is not None:
        if how != "rtc" or head_type != "flow":
            raise ValueError(
                f"rtc_guidance is guided real-time chunking: it needs execution 'rtc' and the flow head (this entry: execution '{how}', head '{head_type}')"
            )
        out["rtc_guidance"] = float(entry["rtc_guidance"])
    return out


def rtc_weights(chunk, horizon, delay):
    """Black et al.'s soft mask over the next chunk: 1 for the `delay` actions executed while it is
    computed, decaying exponentially over the rest of the overlap with the current chunk, 0 after."""
    w = np.zeros(chunk)
    w[:delay] = 1.0
    span = chunk - horizon - delay + 1
    for i in range(delay, chunk - horizon):
        c = (chunk - horizon - i) / span
        w[i] = c * (math.exp(c) - 1) / (math.e - 1)
    return w


class ChunkExecutor:
    """One env's schedule: when to predict, and which action runs at each control step."""

    def __init__(self, protocol, chunk, action_dim):
        self.how, self.delay, self.chunk, self.action_dim = protocol["execution"], protocol["delay"], chunk, action_dim
        self.decay = protocol.get("ensemble_decay", 0.0)
        self.horizon = protocol.get("rtc_horizon", chunk)
        self.t = 0
        self.arrivals = []  # (issued at step, chunk (H, dim)) not yet superseded
        self.current = None  # (origin step: where its action 0 belongs, chunk) for chunk / rtc
        self.requested = None  # step of the prediction in flight (chunk / rtc)
        self.grip = 1.0  # gripper held while no action is due (open at the start)

    # ---- what the harness asks -----------------------------------------------------------------
    def wants_prediction(self):
        if self.how in ("first", "ensemble"):
            return True
        if self.requested is not None:
            return False
        if self.current is None:
            return True
        origin, _ = self.current
        return self.t - origin >= (self.chunk if self.how == "chunk" else self.horizon)

    def inpaint(self):
        """rtc: (target arm actions (H, arm_dim) in env scale, weights (H,)) for the chunk requested
        now, or None for the first chunk (nothing committed yet)."""
        if self.how != "rtc" or self.current is None:
            return None
        origin, cur = self.current
        j = self.t - origin  # current chunk's index of this step
        target = np.zeros((self.chunk, cur.shape[1] - 1))
        target[: self.chunk - j] = cur[j:, :-1]
        return target, rtc_weights(self.chunk, self.horizon, self.delay)

    def submit(self, actions):
        """The chunk (H, dim) predicted from this step's observation."""
        self.arrivals.append((self.t, np.asarray(actions, dtype=np.float64)))
        if self.how in ("chunk", "rtc"):
            self.requested = self.t

    def act(self):
        """The action (dim,) executed at this step; advances to the next step."""
        a = self._due()
        self.t += 1
        if a is None:
            a = np.zeros(self.action_dim)
            a[-1] = self.grip
        self.grip = a[-1]
        return a

    # ---- the strategies ------------------------------------------------------------------------
    def _due(self):
        t, d = self.t, self.delay
        arrived = [(s, c) for s, c in self.arrivals if s + d <= t]
        if self.how == "first":
            if not arrived:
                return None
            self.arrivals = [x for x in self.arrivals if x[0] >= arrived[-1][0]]
            return arrived[-1][1][0]
        if self.how == "ensemble":
            live = [(s, c) for s, c in arrived if t - s < self.chunk]
            self.arrivals = [x for x in self.arrivals if t - x[0] < self.chunk]
            if not live:
                return None
            w = np.exp(-self.decay * np.arange(len(live)))  # oldest first, as ACT
            acts = np.stack([c[t - s] for s, c in live])
            a = (w[:, None] * acts).sum(0) / w.sum()
            a[-1] = 1.0 if a[-1] >= 0 else -1.0
            return a
        # chunk / rtc: switch to a requested chunk once it has arrived
        if self.requested is not None and self.requested + d <= t:
            s, c = self.arrivals.pop()
            # The robot held still while it waited for a first (or synchronous) chunk, so that chunk
            # starts at its action 0 on arrival; an rtc chunk computed while moving is time-aligned.
            origin = s if (self.how == "rtc" and self.current is not None) else t
            self.current, self.requested = (origin, c), None
        if self.current is None:
            return None
        origin, c = self.current
        i = t - origin
        return c[i] if i < self.chunk else None
