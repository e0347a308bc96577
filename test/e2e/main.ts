/**
 * The end-to-end scenarios: what a user sees in a real VS Code (code-server + Chromium).
 * Usage: node --import tsx test/e2e/main.ts [--counts FILE] [--grep REGEX]
 * Writes "PASSED FAILED SKIPPED" to FILE; every skip prints its reason.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, Skip, VsCode, closeAll } from './harness';
import { SCENARIOS } from './scenarios';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

async function main(): Promise<number> {
  const countsFile = arg('--counts');
  const grep = arg('--grep');
  const selected = SCENARIOS.filter((s) => !grep || new RegExp(grep, 'i').test(s.name));
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const t0 = Date.now();
  // Scenarios that share a trusted window run in one code-server (starting one costs ~10 s).
  let shared: VsCode | undefined;
  try {
    for (const s of selected) {
      const started = Date.now();
      const prefix = `e2e: ${s.name}`;
      try {
        const unmet = s.requires?.();
        if (unmet) throw new Skip(unmet);
        if (s.ownWindow) {
          await s.run(undefined as unknown as VsCode);
        } else {
          shared ??= await VsCode.start(sharedWorkspace());
          await s.run(shared);
        }
        passed++;
        console.log(`ok   ${prefix} (${((Date.now() - started) / 1000).toFixed(1)}s)`);
      } catch (e) {
        if (e instanceof Skip) {
          skipped++;
          console.log(`skip ${prefix}: ${e.message}`);
        } else {
          failed++;
          console.log(`FAIL ${prefix} (${((Date.now() - started) / 1000).toFixed(1)}s): ${(e as Error).stack ?? e}`);
          const shot = join(REPO, 'test-results', 'e2e', `${s.name.replace(/[^A-Za-z0-9]+/g, '-').slice(0, 60)}.png`);
          if (shared)
            await shared.screenshot(shot).then(
              () => console.log(`  screenshot: ${shot}`),
              () => undefined,
            );
          if (shared) console.log(`  code-server log tail:\n${shared.serverTail(15).replace(/^/gm, '    ')}`);
          // A broken window can poison the next scenario: start a fresh one.
          await shared?.close();
          shared = undefined;
        }
      }
    }
  } finally {
    await closeAll();
  }
  console.log(`e2e: ${passed} passed, ${failed} failed, ${skipped} skipped in ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  if (countsFile) writeFileSync(countsFile, `${passed} ${failed} ${skipped}\n`);
  return failed === 0 ? 0 : 1;
}

/** The workspace every shared-window scenario sees: examples/ plus the specs the scenarios use. */
function sharedWorkspace(): { files: Record<string, string> } {
  const files: Record<string, string> = {};
  for (const s of SCENARIOS) Object.assign(files, s.files ?? {});
  return { files };
}

main().then(
  (code) => process.exit(code),
  async (e) => {
    console.error(e);
    await closeAll();
    process.exit(1);
  },
);
