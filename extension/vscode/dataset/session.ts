/**
 * The dataset panel's logic without the editor (tests drive it directly): it answers validated
 * webview messages with DatasetToWebview messages. Reading is injected (core/dataset's Python
 * reader in the editor), and so is turning a cached frame file into a webview URI.
 */
import { isUserError } from '../../core/errors';
import type {
  DatasetEpisodeData,
  DatasetOverlay,
  DatasetSummary,
  DatasetToExtension,
  DatasetToWebview,
} from '../../shared/messages/dataset';

export interface DatasetReader {
  summary(path: string, split?: string): Promise<DatasetSummary>;
  episode(path: string, index: number, split?: string): Promise<DatasetEpisodeData>;
  overlay(path: string, kind: 'actions' | 'state', dim: number, episodes: number, split?: string): Promise<DatasetOverlay>;
}

export interface DatasetSessionOptions {
  post: (msg: DatasetToWebview) => void;
  reader: DatasetReader;
  /** A cached frame file → the URI the webview loads it from (asWebviewUri). */
  toUri: (file: string) => string;
  log?: (line: string) => void;
}

export class DatasetSession {
  private summary?: DatasetSummary;
  private split?: string;
  /** Answers to an older request of the same kind are dropped: the newest episode (or overlay) the user chose wins. */
  private request = 0;
  private overlayRequest = 0;

  constructor(
    readonly target: string,
    private readonly opts: DatasetSessionOptions,
  ) {}

  get current(): DatasetSummary | undefined {
    return this.summary;
  }

  /** Handles one (already validated) message; errors become one `error` line. */
  async handle(msg: DatasetToExtension): Promise<void> {
    if (msg.type === 'overlay') return this.overlay(msg.kind, msg.dim, msg.episodes);
    const id = ++this.request;
    try {
      switch (msg.type) {
        case 'ready':
          // A webview that reloads says `ready` again: the summary read once is sent again.
          if (!this.summary) {
            this.opts.post({ type: 'progress', message: `Reading ${this.target}…` });
            this.summary = await this.opts.reader.summary(this.target, this.split);
          }
          this.opts.post({ type: 'init', summary: this.summary });
          return;
        case 'openSplit': {
          if (!this.summary?.splits.includes(msg.split)) {
            this.opts.post({ type: 'error', message: `This dataset has no split "${msg.split}".` });
            return;
          }
          this.opts.post({ type: 'progress', message: `Reading the ${msg.split} split…` });
          const summary = await this.opts.reader.summary(this.target, msg.split);
          if (id !== this.request) return;
          this.split = msg.split;
          this.summary = summary;
          this.opts.post({ type: 'init', summary });
          return;
        }
        case 'openEpisode': {
          const n = this.summary?.episodes.length ?? 0;
          if (msg.index >= n) {
            this.opts.post({ type: 'error', message: `There is no episode ${msg.index} (the dataset lists ${n}).` });
            return;
          }
          this.opts.post({ type: 'progress', message: `Reading episode ${msg.index}…` });
          const ep = await this.opts.reader.episode(this.target, msg.index, this.split ?? this.summary?.split ?? undefined);
          if (id !== this.request) return;
          this.opts.post({
            type: 'episode',
            episode: { ...ep, cameras: ep.cameras.map((c) => ({ ...c, frames: c.frames.map((f) => this.opts.toUri(f)) })) },
          });
          return;
        }
      }
    } catch (e) {
      if (id !== this.request && msg.type !== 'ready') return;
      if (!isUserError(e)) this.opts.log?.(`[dataset] ${(e as Error).stack ?? String(e)}`);
      this.opts.post({ type: 'error', message: isUserError(e) ? e.message : `Internal error: ${(e as Error).message}` });
    }
  }

  private async overlay(kind: 'actions' | 'state', dim: number, episodes: number): Promise<void> {
    const id = ++this.overlayRequest;
    try {
      const o = await this.opts.reader.overlay(this.target, kind, dim, episodes, this.split ?? this.summary?.split ?? undefined);
      if (id === this.overlayRequest) this.opts.post({ type: 'overlay', overlay: o });
    } catch (e) {
      if (id !== this.overlayRequest) return;
      if (!isUserError(e)) this.opts.log?.(`[dataset] ${(e as Error).stack ?? String(e)}`);
      this.opts.post({ type: 'error', message: isUserError(e) ? e.message : `Internal error: ${(e as Error).message}` });
    }
  }
}
