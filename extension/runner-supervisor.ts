/**
 * Entry of dist/supervisor.js: `node dist/supervisor.js <run-dir> --python <interpreter> [--workdir <dir>]`,
 * spawned detached by the runner for a run it claimed from the queue. The interpreter and working
 * directory come from the run's signed queue entry (core/runner/trust.ts), not from run.json.
 */
import { parseArgs } from 'node:util';
import { supervise } from './core/runner/supervisor';

let parsed;
try {
  parsed = parseArgs({
    args: process.argv.slice(2),
    options: { python: { type: 'string' }, workdir: { type: 'string' } },
    allowPositionals: true,
    strict: true,
  });
} catch (e) {
  process.stderr.write(`supervisor: ${(e as Error).message}\n`);
  process.exit(2);
}
const dir = parsed.positionals[0];
if (!dir || parsed.positionals.length !== 1 || !parsed.values.python) {
  process.stderr.write('usage: supervisor.js <run-dir> --python <interpreter> [--workdir <dir>]\n');
  process.exit(2);
}
supervise(dir, { launch: { python: parsed.values.python, workdir: parsed.values.workdir } }).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`supervisor failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
