/**
 * The TypeScript side of test_checkpoint_kill.py: for the run folder in argv[2], the checkpoint each
 * reference in argv[3..] resolves to (core/checkpoints resolveCheckpoint) and the lines `vla-lab
 * checkpoints <run>` prints, as JSON. Run as `node --import tsx test/python/helpers/checkpoint_tools.ts <run> <ref>…`.
 */
import * as path from 'node:path';
import { main } from '../../../extension/cli/main';
import { resolveCheckpoint } from '../../../extension/core/checkpoints';

async function run(): Promise<void> {
  const [dir, ...refs] = process.argv.slice(2);
  const picks = Object.fromEntries(refs.map((ref) => [ref, resolveCheckpoint(dir, ref)]));
  const lines: string[] = [];
  // the run folder lies in <runs>/<experiment>/<id>/ with a run.json
  const code = await main(['checkpoints', dir, '--runs-dir', path.dirname(path.dirname(dir))], {
    cwd: dir,
    env: process.env,
    out: (l) => lines.push(l),
    err: (l) => lines.push(l),
    isTTY: false,
  });
  process.stdout.write(JSON.stringify({ picks, code, lines }));
}

void run();
