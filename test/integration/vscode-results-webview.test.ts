/**
 * The built Results webview (dist/webview/results.js) in a real browser (Debian's Chromium through
 * playwright-core), under the same CSP the extension sets: it says `ready`, renders the curves,
 * grows a chart on `series-append`, builds the CALVIN table with the paper rows and a keyboard-
 * operable video card — with no CSP violation or script error. Fails without Chromium or without
 * the build (test/unit/webview-browser-helpers.ts opens the page).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ResultsToWebview } from '../../extension/shared/messages/results';
import { ORIGIN as origin, openWebview } from '../unit/webview-browser-helpers';

// A tiny valid MP4 is not needed: the card must exist and be operable; loading is the e2e test's job.
test('the results webview renders live curves, the evaluation table and the gallery under the CSP', { timeout: 60_000 }, async () => {
  const { browser, page, problems } = await openWebview('results', 'Results');
  try {
    const post = (m: ResultsToWebview) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
    await post({
      type: 'init',
      title: 'Results: e/r1',
      view: { x: 'step', smoothing: 0.6 },
      runs: [{ key: 'e/r1', experiment: 'e', id: 'r1', status: 'running', calvinSplit: 'ABC_D', step: 2, total: 10 }],
    });
    await post({ type: 'series-reset', run: 'e/r1', name: 'train/loss', count: 3, points: { x: [0, 1, 2], y: [2, 1.5, 1.2] } });
    await post({ type: 'series-reset', run: 'e/r1', name: 'train/lr', count: 3, points: { x: [0, 1, 2], y: [0.001, 0.001, 0.0009] } });
    await page.waitForFunction(() => document.querySelectorAll('canvas').length === 2);
    const shot1 = await page.locator('canvas').first().screenshot();
    await post({ type: 'series-append', run: 'e/r1', name: 'train/loss', from: 3, count: 6, points: { x: [3, 4, 5], y: [0.9, 0.5, 0.2] } });
    await page.waitForFunction(() =>
      /train\/loss 0\.2 at step 5/.test(document.querySelector('figure.chart figcaption')?.textContent ?? ''),
    );
    const shot2 = await page.locator('canvas').first().screenshot();
    assert.notDeepEqual(shot1, shot2, 'the chart redraws with the appended points');
    await post({
      type: 'eval',
      run: 'e/r1',
      result: {
        benchmark: 'calvin',
        checkpoint: 'c',
        avgLen: 3.1,
        chainSr: { 1: 0.9, 2: 0.8, 3: 0.6, 4: 0.5, 5: 0.3 },
        taskInfo: { open_drawer: { success: 9, total: 10 } },
        t: 1,
      },
    });
    await post({
      type: 'media',
      items: [
        {
          run: 'e/r1',
          path: 'v.mp4',
          kind: 'video',
          format: 'mp4',
          src: `${origin}/v.mp4`,
          task: 'open_drawer',
          instruction: 'open the drawer',
          success: true,
        },
      ],
    });
    await page.waitForSelector('table.chain-table tbody tr');
    const rows = await page.locator('table.chain-table tbody tr').allInnerTexts();
    assert.ok(rows[0].includes('3.10'));
    assert.ok(
      rows.some((r) => /KosMos P\.H\. \(RoboVLMs\), CALVIN ABC→D — paper figure/.test(r) && r.includes('4.25')),
      rows.join('\n'),
    );
    await page.waitForSelector('figure.clip video');
    const play = page.locator('figure.clip button[aria-label="Play"]');
    assert.equal(await play.count(), 1);
    assert.ok((await page.locator('figure.clip').getAttribute('tabindex')) === '0', 'the clip is keyboard-focusable');
    // Smoothing slider: the chart redraws by itself (nothing is posted to the page), and the
    // extension is only told the weight to remember it.
    const beforeSlide = await page.locator('canvas').first().screenshot();
    await page.locator('#smoothing').fill('0.95');
    await page.waitForFunction(() => document.getElementById('smoothing-value')?.textContent === '0.95');
    let afterSlide = beforeSlide;
    for (let i = 0; i < 40 && afterSlide.equals(beforeSlide); i++) {
      await page.waitForTimeout(50);
      afterSlide = await page.locator('canvas').first().screenshot();
    }
    assert.notDeepEqual(afterSlide, beforeSlide, 'the smoothed curve redraws without a message from the extension');
    await page.waitForFunction(() =>
      (window as unknown as { __sent: { type: string; view?: { smoothing: number } }[] }).__sent.some(
        (m) => m.type === 'set-view' && m.view?.smoothing === 0.95,
      ),
    );
    // A malformed message is ignored, not rendered.
    await post({ type: 'series-reset', run: '../x', name: 'l', count: 1, points: { x: [1], y: [1] } } as never);
    assert.deepEqual(
      problems.filter((p) => !/ignored a message|v\.mp4|404|Failed to load resource/.test(p)),
      [],
    );
  } finally {
    await browser.close();
  }
});
