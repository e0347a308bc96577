/**
 * `vla-lab open <logdir>`: an existing TensorBoard/Lightning log directory as a run. Its scalars
 * are materialised into the run's events.jsonl once at import, then refreshed incrementally
 * (per event file, from the byte offset already read) whenever the run is listed or shown.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunEvent } from '../generated/events';
import { UserError } from '../errors';
import { EventFileTail, findEventFiles, toScalarEvent, mapRoboVLMsTag } from '../tensorboard';
import { readHparams } from '../tensorboard';
import { withLock } from './lock';
import { checkExperimentName, createRunDir, RUN_FILES } from './paths';
import { hostName } from './process';
import { nowIso, readRecord, updateRecord, writeJsonAtomic, writeRecord, type RunRecord } from './record';
import { isMacOf, macOf, userSecret } from './trust';

const STATE_FILE = 'import-state.json';

interface ImportState {
  /**
   * HMAC (trust.ts) of the run and its log directory with the user's key, written by `open`. The
   * log directory lies outside the run folder, so a copied folder's run.json could name any
   * directory (`/`) for ls/show to walk: only a log directory this user opened is read again.
   */
  logdir_sig?: string;
  files: Record<string, { offset: number; size: number }>;
  /** Tag → plugin name, learned from the first record of each tag (later records may omit it). */
  plugins: Record<string, string>;
}

/** A name for an imported log directory: the folder's name made safe for the runs tree. */
export function importName(logdir: string): string {
  const base = path
    .basename(path.resolve(logdir))
    .replace(/[^A-Za-z0-9_.-]+/g, '-')
    .replace(/^[-.]+|-+$/g, '');
  return (base || 'imported').slice(0, 100);
}

export function importLogDir(
  root: string,
  logdirIn: string,
  opts: { name?: string } = {},
): { dir: string; record: RunRecord; added: number; warnings: string[] } {
  const logdir = path.resolve(logdirIn);
  let st: fs.Stats;
  try {
    st = fs.statSync(logdir);
  } catch {
    throw new UserError(`${logdirIn}: no such directory`);
  }
  if (!st.isDirectory())
    throw new UserError(
      `${logdirIn} is not a directory; give the TensorBoard/Lightning log directory (the one holding events.out.tfevents.* files)`,
    );
  const files = findEventFiles(logdir);
  if (!files.length)
    throw new UserError(
      `no TensorBoard event files (events.out.tfevents.*) under ${logdirIn}; give the log directory Lightning or TensorBoard wrote`,
    );
  const experiment = checkExperimentName(opts.name ?? importName(logdir));
  const { id, dir } = createRunDir(root, experiment);
  const mtime = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
  const record: RunRecord = {
    v: 1,
    id,
    experiment,
    status: 'completed',
    kind: 'imported',
    backend: 'tensorboard',
    launcher: 'none',
    spec_source: null,
    host: hostName(),
    pid: null,
    pgid: null,
    pid_start_time: null,
    gpus: [],
    created_at: nowIso(),
    started_at: new Date(Math.min(...files.map((f) => fs.statSync(f).birthtimeMs || fs.statSync(f).mtimeMs))).toISOString(),
    ended_at: new Date(mtime).toISOString(),
    exit_code: null,
    signal: null,
    error: null,
    error_kind: null,
    logdir,
  };
  writeRecord(dir, record);
  writeJsonAtomic(path.join(dir, STATE_FILE), {
    logdir_sig: macOf(['imported', experiment, id, logdir], userSecret()),
    files: {},
    plugins: {},
  } satisfies ImportState);
  const hp = findHparams(logdir);
  if (hp) {
    try {
      writeJsonAtomic(path.join(dir, 'hparams.json'), readHparams(hp));
    } catch {
      /* optional */
    }
  }
  const r = refreshImported(dir);
  return { dir, record, added: r.added, warnings: r.warnings };
}

function findHparams(logdir: string): string | null {
  const direct = path.join(logdir, 'hparams.yaml');
  if (fs.existsSync(direct)) return direct;
  const f = findEventFiles(logdir)[0];
  const near = f ? path.join(path.dirname(f), 'hparams.yaml') : '';
  return near && fs.existsSync(near) ? near : null;
}

/** Appends to events.jsonl what the log directory gained since the last refresh. Cheap when nothing changed. */
export function refreshImported(dir: string): { added: number; warnings: string[] } {
  const rec = readRecord(dir);
  if (!rec || rec.kind !== 'imported' || !rec.logdir) return { added: 0, warnings: [] };
  const logdir = rec.logdir;
  return withLock(path.join(dir, '.import.lock'), () => {
    let state: ImportState;
    try {
      state = JSON.parse(fs.readFileSync(path.join(dir, STATE_FILE), 'utf8'));
    } catch {
      state = { files: {}, plugins: {} };
    }
    if (!isMacOf(state.logdir_sig, ['imported', rec.experiment, rec.id, logdir], userSecret())) {
      return {
        added: 0,
        warnings: [
          `${rec.experiment}/${rec.id} was not opened by you on this machine: its log directory ${logdir} is not read (showing what was imported; 'vla-lab open ${logdir}' imports it as your own)`,
        ],
      };
    }
    if (!state.files || typeof state.files !== 'object') state.files = {};
    if (!state.plugins || typeof state.plugins !== 'object') state.plugins = {};
    const warnings: string[] = [];
    let added = 0;
    const files = fs.existsSync(logdir) ? findEventFiles(logdir) : [];
    if (!files.length && !fs.existsSync(logdir)) warnings.push(`the log directory ${logdir} is gone; showing what was imported`);
    const out: RunEvent[] = [];
    const plugins = new Map(Object.entries(state.plugins));
    for (const file of files) {
      const size = fs.statSync(file).size;
      const rel = path.relative(logdir, file);
      const prev = state.files[rel];
      if (prev && prev.size === size) continue;
      const tail = new EventFileTail(file, plugins, undefined, rel);
      // Continue where the last refresh stopped (a record boundary). The tail keeps its offset in
      // its ByteTail; a file that shrank is re-read from the start.
      if (prev && size >= prev.offset) (tail as unknown as { bytes: { offset: number } }).bytes.offset = prev.offset;
      const r = tail.poll(false);
      warnings.push(...r.warnings);
      for (const s of r.scalars) out.push(toScalarEvent(s, mapRoboVLMsTag(s.tag)));
      state.files[rel] = { offset: tail.offset, size };
    }
    state.plugins = Object.fromEntries(plugins);
    out.sort((a, b) => (a.type === 'scalar' && b.type === 'scalar' ? a.step - b.step || a.t - b.t : 0));
    if (out.length) {
      fs.appendFileSync(path.join(dir, RUN_FILES.events), out.map((e) => JSON.stringify(e)).join('\n') + '\n');
      added = out.length;
      const last = Math.max(...files.map((f) => fs.statSync(f).mtimeMs));
      updateRecord(dir, (r) => ({ ...r, ended_at: new Date(last).toISOString() }));
    }
    writeJsonAtomic(path.join(dir, STATE_FILE), state);
    return { added, warnings };
  });
}
