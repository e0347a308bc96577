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
  /**
   * The episode list first (`partial` on a CALVIN-layout split: its index files only, no frame file
   * read), or the whole summary where that is all the layout offers or it is cached.
   */
  list?(path: string, split?: string): Promise<DatasetSummary>;
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
  /** Which listing (`ready`, `openSplit`) the statistics being read belong to. */
  private listing = 0;
  private statsPending?: Promise<void>;

  constructor(
    readonly target: string,
    private readonly opts: DatasetSessionOptions,
  ) {}

  get current(): DatasetSummary | undefined {
    return this.summary;
  }

  /** The statistics read in the background after a partial list (tests wait on it). */
  get statistics(): Promise<void> | undefined {
    return this.statsPending;
  }

  /** The list first (shown at once), then — when it was partial — the whole summary in the background. */
  private async readListing(split: string | undefined): Promise<DatasetSummary> {
    const reader = this.opts.reader;
    return reader.list ? reader.list(this.target, split) : reader.summary(this.target, split);
  }

  private startStatistics(listed: DatasetSummary, split: string | undefined): void {
    if (!listed.partial) return;
    const id = ++this.listing;
    this.opts.post({
      type: 'progress',
      message: `Listed ${listed.episodes.length} episodes; reading statistics over ${listed.frames} frames…`,
    });
    this.statsPending = (async () => {
      try {
        const whole = await this.opts.reader.summary(this.target, split);
        if (id !== this.listing) return;
        this.summary = whole;
        this.opts.post({ type: 'statistics', summary: whole });
      } catch (e) {
        if (id !== this.listing) return;
        if (!isUserError(e)) this.opts.log?.(`[dataset] ${(e as Error).stack ?? String(e)}`);
        const why = isUserError(e) ? e.message : `Internal error: ${(e as Error).message}`;
        this.opts.post({ type: 'error', message: `The statistics could not be read (the episodes can still be opened): ${why}` });
      }
    })();
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
            this.summary = await this.readListing(this.split);
            this.opts.post({ type: 'init', summary: this.summary });
            this.startStatistics(this.summary, this.split);
            return;
          }
          // A partial list whose statistics are still being read: they follow as `statistics`.
          this.opts.post({ type: 'init', summary: this.summary });
          return;
        case 'openSplit': {
          if (!this.summary?.splits.includes(msg.split)) {
            this.opts.post({ type: 'error', message: `This dataset has no split "${msg.split}".` });
            return;
          }
          this.opts.post({ type: 'progress', message: `Reading the ${msg.split} split…` });
          const summary = await this.readListing(msg.split);
          if (id !== this.request) return;
          this.split = msg.split;
          this.summary = summary;
          this.listing++; // statistics of the previous split are no longer wanted
          this.opts.post({ type: 'init', summary });
          this.startStatistics(summary, msg.split);
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
