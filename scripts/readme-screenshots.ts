/**
 * The README's screenshots, taken in a real VS Code (code-server + Chromium, the E2E harness) on a
 * real finished quickstart run — not on test fixtures.
 * Usage: node --import tsx scripts/readme-screenshots.ts <quickstart run folder> [<its Playtable data folder>]
 *   (a run of `npm run quickstart` lies in runs/quickstart/<id>, its data in runs/_data/playtable-*).
 * Writes docs/images/results.png (loss curves), results-evaluation.png (evaluation table, rollout videos), composer.png
 * (examples/quickstart.vla.json in the visual composer) and probe.png (the exported policy probed).
 */
import { cpSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { REPO, VsCode, closeAll, until } from '../test/e2e/harness';
import { pickMany } from '../test/e2e/scenarios-panels';
import { answerOpenDialog } from '../test/e2e/scenarios-probe';

async function main(): Promise<number> {
  const [runArg, dataArg] = process.argv.slice(2);
  if (!runArg || !existsSync(join(runArg, 'run.json'))) {
    console.error('usage: node --import tsx scripts/readme-screenshots.ts <quickstart run folder with run.json> [<Playtable data folder>]');
    return 2;
  }
  const run = resolve(runArg);
  const record = JSON.parse(readFileSync(join(run, 'run.json'), 'utf8')) as { id: string; experiment: string };
  const out = join(REPO, 'docs', 'images');
  mkdirSync(out, { recursive: true });
  const vs = await VsCode.start();
  try {
    const p = vs.page;
    cpSync(run, join(vs.workspace, 'runs', record.experiment, basename(run)), { recursive: true });

    // Results: curves, the evaluation table and the rollout gallery of the real run.
    await pickMany(vs, 'VLA Lab: Open Results', [`${record.experiment}/${record.id}`]);
    const results = await vs.webviewFrame('canvas', 90_000);
    await until('the evaluation table', async () => (await results.locator('table').count()) > 0, 60_000);
    await p.waitForTimeout(3_000); // charts animate in
    await vs.screenshot(join(out, 'results.png'));
    // Scrolled to the evaluation: per-task success with intervals and the rollout gallery.
    await results
      .locator('h2', { hasText: 'Evaluation' })
      .first()
      .evaluate((h) => h.scrollIntoView({ block: 'start' }));
    await p.waitForTimeout(2_000);
    await vs.screenshot(join(out, 'results-evaluation.png'));

    // The composer on the quickstart spec.
    await vs.command('View: Close All Editors');
    await vs.openFile('examples/quickstart.vla.json');
    await vs.command('VLA Lab: Open Composer');
    await vs.webviewFrame('.cards', 60_000);
    await p.waitForTimeout(2_000);
    await vs.screenshot(join(out, 'composer.png'));

    // The probe on the run's policy (exported on the spot), with a latency figure and, when the
    // data folder is given, the first demonstration's predicted chunk.
    await vs.command('View: Close All Editors');
    await vs.command('VLA Lab: Probe Policy');
    const input = p.locator('.quick-input-widget input[type="text"], .quick-input-widget .quick-input-box input').first();
    await input.waitFor({ state: 'visible', timeout: 20_000 });
    await input.fill(record.id);
    await p.locator('.quick-input-list .monaco-list-row', { hasText: record.id }).first().waitFor({ timeout: 20_000 });
    await p.keyboard.press('Enter');
    // A run without an export asks which checkpoint to export: the first offered (the final one).
    const checkpointPick = p.locator('.quick-input-widget', { hasText: 'which checkpoint' }).first();
    if (
      await checkpointPick.waitFor({ state: 'visible', timeout: 30_000 }).then(
        () => true,
        () => false,
      )
    ) {
      await p.locator('.quick-input-list .monaco-list-row', { hasText: 'final' }).first().waitFor({ timeout: 10_000 });
      await p.keyboard.press('Enter');
    }
    const probe = await vs.webviewFrame('section.info table', 180_000);
    await probe.locator('button', { hasText: 'Measure latency' }).click();
    await until(
      'a latency figure',
      async () => /(ms|µs)/.test(await probe.locator('section:has(h2:text("Latency"))').innerText()),
      120_000,
    );
    if (dataArg) {
      await probe.locator('button', { hasText: 'Choose demonstrations' }).click();
      await answerOpenDialog(vs, join(resolve(dataArg), 'validation'));
      await until('the predicted chunk', async () => (await probe.locator('table.chunk tr.predicted').count()) > 0, 60_000);
    }
    await p.waitForTimeout(2_000);
    await vs.screenshot(join(out, 'probe.png'));
    console.log(
      `wrote ${['results.png', 'results-evaluation.png', 'composer.png', 'probe.png'].map((f) => join('docs', 'images', f)).join(', ')}`,
    );
    return 0;
  } catch (e) {
    await vs.screenshot(join(REPO, 'test-results', 'readme-screenshots-failed.png')).catch(() => undefined);
    console.error(`(the window at that moment: test-results/readme-screenshots-failed.png)\n${vs.serverTail(10)}`);
    throw e;
  } finally {
    await vs.close();
    await closeAll();
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`screenshots failed: ${(e as Error).message}`);
    process.exit(1);
  },
);
