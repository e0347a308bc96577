/**
 * Temporary folders for tests that are removed when the test file ends, whether its tests passed or
 * failed: tempDir() records each folder, and the file's process removes them all as it exits — after
 * every after() hook, so a hook that first stops what runs in such a folder (a Slurm cluster, sshd,
 * a supervisor) still finds it. node --test runs each test file in a process of its own.
 * childTmpDir() is a TMPDIR for the processes a test starts, so what they leave behind (torchrun's
 * torchelastic_* folders, which torch never removes) goes too.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const made: string[] = [];
let hooked = false;

/** Removes every folder tempDir() made so far (done at exit; a test may call it earlier). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) {
    try {
      fs.rmSync(dir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    } catch (e) {
      // a process the test started may still be writing there: say so rather than fail the file
      process.stderr.write(`could not remove the test folder ${dir}: ${(e as Error).message}\n`);
    }
  }
}

/** A new empty folder under the system's temp folder (mkdtemp with `prefix`), removed when the test file's process exits. */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  if (!hooked) process.once('exit', removeTempDirs);
  hooked = true;
  made.push(dir);
  return dir;
}

let childTmp: string | undefined;

/** One folder per test file to give the processes a test starts as TMPDIR (removed like tempDir's). */
export function childTmpDir(): string {
  childTmp ??= tempDir('vla-child-tmp-');
  return childTmp;
}
