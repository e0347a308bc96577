/**
 * The probe panel's logic without the editor (so tests drive it directly): it answers validated
 * webview messages with ProbeToWebview messages. The panel wrapper (panel.ts) only owns the
 * webview, the folder picker and the trust check.
 */
import { UserError, isUserError } from '../../core/errors';
import {
  LoadedPolicy,
  describeActionSpace,
  executionProviders,
  loadSegment,
  openCalvinSplit,
  probeLatency,
  replay,
  replaySegments,
  describeRunData,
  resolveSplitDir,
  runTrainingData,
  targetControlRate,
} from '../../core/probe';
import type { CalvinSplit } from '../../core/probe/dataset';
import { readFrame } from '../../core/probe/dataset';
import type { ProbeFrame, ProbeInfo, ProbeReplay, ProbeSegment, ProbeToExtension, ProbeToWebview } from '../../shared/messages/probe';
import { MAX_REPLAY_POINTS } from '../../shared/messages/probe';

export interface ProbeSessionOptions {
  post: (msg: ProbeToWebview) => void;
  /** A Python to read pickled annotations; undefined when none is configured or trusted. */
  python?: string;
  log?: (line: string) => void;
}

export class ProbeSession {
  private policy?: LoadedPolicy;
  private split?: CalvinSplit;
  /** Set when the split is the run's own data, found through its events (not picked by the user). */
  private splitSource?: string;
  private busy = false;

  constructor(
    readonly target: string,
    private readonly opts: ProbeSessionOptions,
  ) {}

  /** Loads the policy (a UserError for a bad export). */
  async load(): Promise<LoadedPolicy> {
    this.policy ??= await LoadedPolicy.open(this.target);
    return this.policy;
  }

  setData(dataDir: string): void {
    this.split = openCalvinSplit(resolveSplitDir(dataDir), { python: this.opts.python });
    this.splitSource = undefined;
  }

  /** The run's own demonstrations (its events name them), unless the user has chosen a folder. */
  private findRunData(): void {
    if (this.split) return;
    const found = runTrainingData(this.target);
    if (!found) return;
    try {
      this.split = openCalvinSplit(found.splitDir, { python: this.opts.python });
      this.splitSource = `Demonstrations: ${describeRunData(found)}.`;
    } catch (e) {
      if (!isUserError(e)) throw e;
      this.opts.log?.(`[probe] the run's data at ${found.splitDir} could not be read: ${e.message}`);
    }
  }

  dispose(): void {
    void this.policy?.opened.session.release();
    this.policy = undefined;
  }

  /** Handles one (already validated) message; errors become one `error` message. */
  async handle(msg: ProbeToExtension): Promise<void> {
    if (msg.type !== 'ready' && this.busy) {
      this.opts.post({ type: 'error', message: 'The probe is still working on the previous request; try again when it finishes.' });
      return;
    }
    this.busy = msg.type !== 'ready';
    try {
      switch (msg.type) {
        case 'ready':
          return this.opts.post(await this.initMessage());
        case 'runLatency':
          return await this.latency(msg.runs, msg.warmup);
        case 'runReplay':
          return await this.replay(msg.episodes);
        case 'predict':
          return await this.predict(msg.segment, msg.offset, msg.instruction);
        case 'chooseData':
          return; // handled by the panel (folder picker), which calls setData + init
      }
    } catch (e) {
      if (!isUserError(e)) this.opts.log?.(`[probe] ${(e as Error).stack ?? String(e)}`);
      this.opts.post({ type: 'error', message: isUserError(e) ? e.message : `Internal error: ${(e as Error).message}` });
    } finally {
      this.busy = false;
    }
  }

  async initMessage(): Promise<ProbeToWebview> {
    const policy = await this.load();
    this.findRunData();
    const m = policy.manifest;
    const rate = targetControlRate(policy);
    const info: ProbeInfo = {
      title: this.target,
      modelPath: m.onnxPath,
      fileBytes: policy.file.fileBytes,
      parameterCount: policy.file.parameterCount,
      ...(policy.file.opset !== undefined ? { opset: policy.file.opset } : {}),
      ...(policy.file.producer ? { producer: policy.file.producer } : {}),
      inputs: policy.opened.inputs,
      outputs: policy.opened.outputs,
      imageSize: m.imageSize,
      history: m.history,
      chunk: m.chunk,
      actionDim: m.actionDim,
      cameras: m.cameras,
      actionSpace: describeActionSpace(m),
      controlHz: rate.hz,
      controlHzSource: rate.source,
      providers: executionProviders().map((p) => (p.available ? `${p.provider.toUpperCase()}: available` : (p.reason ?? p.provider))),
      warnings: m.warnings,
    };
    const segments: ProbeSegment[] = this.split
      ? replaySegments(this.split).map((s, index) => ({
          index,
          start: s.start,
          end: s.end,
          ...(s.instruction ? { instruction: s.instruction } : {}),
          ...(s.task ? { task: s.task } : {}),
        }))
      : [];
    const dataNote = this.split
      ? [this.splitSource, this.split.annotationNote].filter(Boolean).join(' ') || undefined
      : 'Choose a folder of demonstrations (CALVIN layout) for replay and the instruction probe.';
    return { type: 'init', info, segments, ...(dataNote ? { dataNote } : {}) };
  }

  private async latency(runs: number, warmup: number): Promise<void> {
    const report = await probeLatency(this.target, {
      runs,
      warmup,
      onProgress: (p, done, total) => {
        if (done % 20 === 0 || done === total) this.opts.post({ type: 'progress', task: `latency (${p.toUpperCase()})`, done, total });
      },
    });
    this.opts.post({
      type: 'latency',
      notes: [...report.results.filter((r) => !r.available).map((r) => r.reason ?? r.provider), ...report.notes],
      results: report.results
        .filter((r) => r.stats && r.verdict)
        .map((r) => ({
          provider: r.provider.toUpperCase(),
          runs: r.stats!.runs,
          warmup: r.stats!.warmup,
          p50Ms: r.stats!.p50Ms,
          p95Ms: r.stats!.p95Ms,
          p99Ms: r.stats!.p99Ms,
          meanMs: r.stats!.meanMs,
          targetHz: r.verdict!.targetHz,
          budgetMs: r.verdict!.budgetMs,
          maxHzAtP99: r.verdict!.maxHzAtP99,
          meetsTarget: r.verdict!.meetsTarget,
        })),
    });
  }

  private requireSplit(): CalvinSplit {
    if (!this.split) throw new UserError('Choose a folder of demonstrations (CALVIN layout) first.');
    return this.split;
  }

  private async replay(episodes: number): Promise<void> {
    const policy = await this.load();
    const report = await replay(policy, this.requireSplit(), {
      episodes,
      onProgress: (done, total) => {
        if (done % 10 === 0 || done === total) this.opts.post({ type: 'progress', task: 'replay', done, total });
      },
    });
    const D = policy.manifest.actionDim;
    const predicted: number[][] = Array.from({ length: D }, () => []);
    const demonstrated: number[][] = Array.from({ length: D }, () => []);
    const episodeStarts: number[] = [];
    for (const seg of report.segments) {
      episodeStarts.push(predicted[0].length);
      seg.predicted.forEach((row, t) => {
        for (let d = 0; d < D; d++) {
          predicted[d].push(row[d]);
          demonstrated[d].push(seg.demonstrated[t][d]);
        }
      });
    }
    if (predicted[0].length > MAX_REPLAY_POINTS)
      throw new UserError(
        `The replay has ${predicted[0].length} steps, more than the panel plots (${MAX_REPLAY_POINTS}); replay fewer episodes.`,
      );
    const out: ProbeReplay = {
      episodes: report.segments.length,
      steps: predicted[0].length,
      dimensions: report.metrics.dimensions,
      gripperAccuracy: report.metrics.gripperAccuracy,
      predicted,
      demonstrated,
      episodeStarts,
    };
    this.opts.post({ type: 'replay', replay: out });
  }

  private async predict(segmentIndex: number, offset: number, instruction: string): Promise<void> {
    const policy = await this.load();
    const split = this.requireSplit();
    const seg = replaySegments(split)[segmentIndex];
    if (!seg) throw new UserError(`There is no segment #${segmentIndex}.`);
    const frameIndex = Math.min(seg.start + offset, seg.end);
    const actionKey = String(policy.manifest.raw.action_key ?? 'rel_actions');
    // The window: the last `history` frames up to this one, within the segment.
    const from = Math.max(seg.start, frameIndex - policy.manifest.history + 1);
    const { steps } = loadSegment(policy, split.dir, { start: from, end: frameIndex }, actionKey);
    const { chunk, tokens } = await policy.predict(steps, instruction);
    const K = policy.manifest.chunk;
    const demonstrated: number[][] = [];
    for (let f = frameIndex; f < frameIndex + K && f <= seg.end; f++) {
      const a = readFrame(split.dir, f, [actionKey as 'rel_actions'])[actionKey as 'rel_actions']!;
      demonstrated.push(Array.from(a.data as ArrayLike<number>, Number));
    }
    const cam = policy.manifest.cameras.includes('static') ? 'rgb_static' : 'rgb_gripper';
    const img = readFrame(split.dir, frameIndex, [cam])[cam]!;
    if (img.dtype !== 'u1' || img.shape.length !== 3 || img.shape[2] !== 3)
      throw new UserError(`${cam} of frame ${frameIndex} is not an RGB uint8 image (dtype ${img.dtype}, shape ${img.shape.join('×')}).`);
    const frame: ProbeFrame = {
      segment: segmentIndex,
      frame: frameIndex,
      instruction,
      width: img.shape[1],
      height: img.shape[0],
      rgbBase64: Buffer.from(
        (img.data as Uint8Array).buffer,
        (img.data as Uint8Array).byteOffset,
        (img.data as Uint8Array).byteLength,
      ).toString('base64'),
      predicted: chunk,
      demonstrated,
      tokens: tokens?.ids ?? [],
      unknownWords: tokens?.unknownWords ?? [],
    };
    this.opts.post({ type: 'frame', frame });
  }
}
