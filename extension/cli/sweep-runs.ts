/**
 * A sweep's runs, named as `vla-lab report` and `vla-lab curve` take it: by sweep id, or by the
 * *.vla.json it was launched from (its newest sweep; one of a spec of the same name launched from
 * another copy of the file when none was from this one).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { UserError } from '../core/errors';
import type { RunRef } from '../core/runner';

/** The spec's `name` (what its sweep ids start with), or undefined when the file cannot say. */
function specName(file: string): string | undefined {
  try {
    const name = (JSON.parse(fs.readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' && name ? name : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a sweep id was made for a spec of this name (prepare.ts: `<name>-<base-36 time>`). */
function sweepIdOf(id: string | undefined, name: string): boolean {
  return !!id && id.startsWith(`${name}-`) && /^[0-9a-z]+$/.test(id.slice(name.length + 1));
}

/**
 * The runs of a sweep named by id, or by the spec file it was launched from (its newest sweep; a
 * sweep of a spec of the same name, launched from another copy of the file, when none was from it).
 */
export function sweepRuns(command: string, all: RunRef[], arg: string, cwd: string): { id: string; runs: RunRef[] } {
  const byId = all.filter((r) => r.record.sweep?.id === arg);
  if (byId.length) return { id: arg, runs: byId };
  const file = path.resolve(cwd, arg);
  if (/\.json$/i.test(arg) || fs.existsSync(file)) {
    let launched = all.filter((r) => r.record.sweep?.id && r.record.spec_source && path.resolve(r.record.spec_source) === file);
    // The same spec launched from another checkout (a clone, a worktree): its sweeps carry its name.
    const name = launched.length ? undefined : specName(file);
    if (name) launched = all.filter((r) => sweepIdOf(r.record.sweep?.id, name));
    if (!launched.length)
      throw new UserError(`${command}: no sweep was launched from ${arg} in this runs directory; start one with 'vla-lab sweep ${arg}'`);
    const newest = launched.reduce((a, b) => (b.record.created_at > a.record.created_at ? b : a)).record.sweep!.id!;
    return { id: newest, runs: launched.filter((r) => r.record.sweep?.id === newest) };
  }
  const ids = [...new Set(all.map((r) => r.record.sweep?.id).filter((s): s is string => !!s))];
  throw new UserError(
    `${command}: no sweep ${JSON.stringify(arg)} in this runs directory (${ids.length ? `sweeps: ${ids.slice(-5).join(', ')}` : "no sweeps yet; start one with 'vla-lab sweep <spec>'"})`,
  );
}
