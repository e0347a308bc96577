/**
 * Which queued runs this user queued on this machine.
 *
 * A runs directory travels (committed, copied from a cluster, shared), and whatever is in it is
 * written by whoever made the copy. The queue starts processes, so an entry in
 * `runs/.queue/pending/` must prove it was written by this user's own VLA Lab: each entry carries
 * an HMAC-SHA256 (`sig`) of the fields that decide what runs (the run, the interpreter, the working
 * directory, the GPUs) keyed by a per-user secret in `~/.config/vla-lab/queue.key` (mode 0600,
 * created on first use; `$XDG_CONFIG_HOME` is honoured). A copied folder cannot hold a valid
 * signature: its entries are "foreign", and the queue leaves them alone until the user adopts them
 * explicitly (`--allow-foreign-queue`, or the editor's prompt), which re-signs them with the
 * interpreter the user's own configuration names.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { UserError } from '../errors';

/** The fields a signature covers: everything that decides which program runs, where, on what. */
export interface SignedFields {
  experiment: string;
  id: string;
  priority: number;
  gpus: number;
  launcher: string;
  seq: number;
  enqueued_at: string;
  /** The interpreter the worker runs with: resolved from the user's configuration when queued. */
  python?: string;
  /** The worker's working directory when it is not the run directory (RoboVLMs' checkout). */
  workdir?: string;
  sig?: string;
}

export function secretFile(env: NodeJS.ProcessEnv = process.env): string {
  const base = env.XDG_CONFIG_HOME || path.join(env.HOME || os.homedir(), '.config');
  return path.join(base, 'vla-lab', 'queue.key');
}

const cache = new Map<string, Buffer>();

/**
 * The user's queue secret, created (32 random bytes, mode 0600, in a 0700 folder) when there is
 * none. A key file others can read or that another user owns is refused: it would let them queue
 * programs in this user's name.
 */
export function userSecret(env: NodeJS.ProcessEnv = process.env): Buffer {
  const file = secretFile(env);
  const hit = cache.get(file);
  if (hit) return hit;
  fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  try {
    const fd = fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_CREAT | fs.constants.O_EXCL, 0o600);
    try {
      fs.writeSync(fd, randomBytes(32).toString('hex') + '\n');
    } finally {
      fs.closeSync(fd);
    }
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST')
      throw new UserError(
        `cannot create VLA Lab's queue key ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); make ${path.dirname(file)} writable or set XDG_CONFIG_HOME`,
      );
  }
  const st = fs.statSync(file);
  if (typeof process.getuid === 'function' && st.uid !== process.getuid())
    throw new UserError(`VLA Lab's queue key ${file} belongs to another user; remove it (a new one is created)`);
  if (st.mode & 0o077)
    throw new UserError(
      `VLA Lab's queue key ${file} can be read by other users; run 'chmod 600 ${file}' (or remove it: a new one is created)`,
    );
  const text = fs.readFileSync(file, 'utf8').trim();
  if (!/^[0-9a-f]{64}$/.test(text))
    throw new UserError(
      `VLA Lab's queue key ${file} is damaged; remove it (a new one is created; runs queued before then must be queued again)`,
    );
  const key = Buffer.from(text, 'hex');
  cache.set(file, key);
  return key;
}

function mac(e: SignedFields, secret: Buffer): Buffer {
  const fields = [1, e.experiment, e.id, e.priority, e.gpus, e.launcher, e.seq, e.enqueued_at, e.python ?? null, e.workdir ?? null];
  return createHmac('sha256', secret).update(JSON.stringify(fields)).digest();
}

/** An HMAC of plain values with the user's key: proof this user wrote them (e.g. an imported run's log directory). */
export function macOf(values: readonly (string | number | null)[], secret: Buffer): string {
  return createHmac('sha256', secret)
    .update(JSON.stringify(['v1', ...values]))
    .digest('hex');
}

export function isMacOf(mac: unknown, values: readonly (string | number | null)[], secret: Buffer): boolean {
  if (typeof mac !== 'string' || !/^[0-9a-f]{64}$/.test(mac)) return false;
  return timingSafeEqual(Buffer.from(mac, 'hex'), Buffer.from(macOf(values, secret), 'hex'));
}

export function signEntry<T extends SignedFields>(entry: T, secret: Buffer): T {
  const { sig: _old, ...rest } = entry;
  return { ...rest, sig: mac(rest as T, secret).toString('hex') } as T;
}

/** True when the entry was signed with this user's secret and not changed since. */
export function isOwnEntry(entry: SignedFields, secret: Buffer): boolean {
  if (!entry || typeof entry !== 'object' || typeof entry.sig !== 'string' || !/^[0-9a-f]{64}$/.test(entry.sig)) return false;
  try {
    return timingSafeEqual(Buffer.from(entry.sig, 'hex'), mac(entry, secret));
  } catch {
    return false; // a field of the wrong type
  }
}
