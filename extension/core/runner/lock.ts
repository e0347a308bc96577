/**
 * A tiny cross-process mutex: a lock file created with O_EXCL ('wx') holding the owner's pid and
 * process start time. A lock whose owner is gone (crash, kill -9, reboot) is stale and taken
 * over — checked by pid + start time, so a recycled pid does not keep a dead lock alive.
 * Critical sections are short (a queue scan, a run.json update), so waiting is a short spin.
 */
import * as fs from 'node:fs';
import { isSameProcessAlive, processStartTime } from './process';

const sleepBuffer = new Int32Array(new SharedArrayBuffer(4));
export function sleepSync(ms: number): void {
  Atomics.wait(sleepBuffer, 0, 0, ms);
}

interface Owner {
  pid: number;
  start: string | null;
  at: number;
}

function readOwner(file: string): Owner | null {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Owner;
  } catch {
    return null;
  }
}

function tryAcquire(file: string): boolean {
  try {
    const fd = fs.openSync(file, 'wx');
    fs.writeSync(fd, JSON.stringify({ pid: process.pid, start: processStartTime(process.pid), at: Date.now() }));
    fs.closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    return false;
  }
}

/** Removes `file` if its owner is no longer alive (or it is unreadable and old). */
function breakIfStale(file: string): void {
  const owner = readOwner(file);
  let stale: boolean;
  if (owner && typeof owner.pid === 'number') {
    stale = owner.start ? !isSameProcessAlive(owner.pid, owner.start) : Date.now() - owner.at > 30_000;
  } else {
    // Empty or half-written: the owner died between open and write, or is writing right now.
    let age = 0;
    try {
      age = Date.now() - fs.statSync(file).mtimeMs;
    } catch {
      return;
    }
    stale = age > 2_000;
  }
  if (!stale) return;
  // Rename first so two processes breaking the same stale lock cannot both delete a fresh one.
  const grave = `${file}.stale-${process.pid}-${Date.now()}`;
  try {
    fs.renameSync(file, grave);
    const again = readOwner(grave);
    if (owner && again && (again.pid !== owner.pid || again.at !== owner.at)) {
      // Someone else took the lock between our read and the rename: give it back.
      try {
        fs.linkSync(grave, file);
      } catch {
        /* they will notice */
      }
    }
    fs.rmSync(grave, { force: true });
  } catch {
    /* somebody else broke it */
  }
}

/** Runs `fn` while holding the lock file `file`. Throws after `timeoutMs` without the lock. */
export function withLock<T>(file: string, fn: () => T, timeoutMs = 15_000): T {
  const deadline = Date.now() + timeoutMs;
  let wait = 2;
  while (!tryAcquire(file)) {
    breakIfStale(file);
    if (Date.now() > deadline) throw new Error(`timed out waiting for the lock ${file} (held by ${JSON.stringify(readOwner(file))})`);
    sleepSync(wait);
    wait = Math.min(wait * 2, 10);
  }
  try {
    return fn();
  } finally {
    fs.rmSync(file, { force: true });
  }
}
