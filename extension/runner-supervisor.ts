/** Entry of dist/supervisor.js: `node dist/supervisor.js <run-dir>` (spawned detached by the runner). */
import { supervise } from './core/runner/supervisor';

const dir = process.argv[2];
if (!dir) {
  process.stderr.write('usage: supervisor.js <run-dir>\n');
  process.exit(2);
}
supervise(dir).then(
  () => process.exit(0),
  (e) => {
    process.stderr.write(`supervisor failed: ${(e as Error).stack ?? e}\n`);
    process.exit(1);
  },
);
