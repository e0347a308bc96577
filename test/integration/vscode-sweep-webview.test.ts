/**
 * The built Sweep webview (dist/webview/sweep.js) in a real browser (Debian's Chromium through
 * playwright-core), under the CSP the extension sets, with a sweep of 2 cells × 3 training seeds:
 * the matrix shows each cell's mean over its seeds and opens every seed's run, and the study view
 * draws its chart (per-seed points, mean, interval) and lists the same numbers and which difference
 * holds — with no CSP violation or script error.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { LoadedRun } from '../../extension/vscode/panels/compare-model';
import { sweepState } from '../../extension/vscode/panels/compare-model';
import type { SweepToWebview } from '../../extension/shared/messages/results';
import { openWebview } from '../unit/webview-browser-helpers';

function run(chunk: number, seed: number, rate: number): LoadedRun {
  const key = `study--chunk_${chunk}--seed_${seed}/r`;
  return {
    summary: {
      key,
      experiment: key.split('/')[0],
      id: 'r',
      status: 'completed',
      sweep: { id: 'study-x', point: { 'policy.chunk': String(chunk) }, cell: `study--chunk_${chunk}`, seed },
    },
    spec: { train: { seed } },
    metrics: {
      finalTrainLoss: 0.5,
      finalValLoss: 0.6,
      avgLen: null,
      success: null,
      singleTaskSuccess: rate,
      steps: 600,
      protocol: { benchmark: 'playtable', benchmark_version: '3+x', episodes: 60 },
    },
  };
}

test('the sweep webview shows per-seed points, intervals and which differences hold, under the CSP', { timeout: 60_000 }, async () => {
  const runs = [run(1, 0, 0.48), run(1, 1, 0.56), run(1, 2, 0.5), run(4, 0, 0.62), run(4, 1, 0.7), run(4, 2, 0.66)];
  const state: SweepToWebview = { type: 'state', sweep: 'study-x', ...sweepState('study-x', runs) };
  const { browser, page, problems } = await openWebview('sweep', 'Sweep');
  try {
    await page.evaluate((msg) => window.postMessage(msg, '*'), state);
    await page.waitForSelector('#study-chart');
    // The matrix: by the first metric the runs have a value of; each cell is the mean of its three seeds.
    assert.equal(await page.locator('#metric').inputValue(), 'Success (single task)', 'the first metric the runs have');
    const cell = page.locator('table.matrix button.cell-button').nth(1);
    assert.match((await cell.getAttribute('aria-label')) ?? '', /0\.660 \(mean of 3 of 3 seeds\)/);
    await cell.click();
    const opened = await page.evaluate(() =>
      (window as unknown as { __sent: { type: string; runs?: string[] }[] }).__sent.filter((m) => m.type === 'open-results').pop(),
    );
    assert.deepEqual(opened?.runs, ['study--chunk_4--seed_0/r', 'study--chunk_4--seed_1/r', 'study--chunk_4--seed_2/r']);
    // The study view: a drawn chart, and its numbers as a table.
    const box = await page.locator('#study-chart').boundingBox();
    assert.ok(box && box.width > 100 && box.height > 100, `the chart has a size: ${JSON.stringify(box)}`);
    const rows = await page.locator('table.study-table').first().locator('tbody tr').allInnerTexts();
    assert.equal(rows.length, 2);
    assert.match(rows[1], /4\s+s0 62\.0%, s1 70\.0%, s2 66\.0%\s+66\.0%\s+\[56\.1%, 75\.9%\]\s+3/);
    const pairs = await page.locator('table.study-table').nth(1).locator('tbody tr').allInnerTexts();
    assert.match(pairs[0], /1\s+4\s+-14\.7%\s+0\.012\s+0\.012\s+holds/);
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
  }
});
