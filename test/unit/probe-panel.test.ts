/**
 * The probe panel's session (what the webview gets for each request), driven without the editor
 * on the tiny policy fixture, and the panel's HTML security policy.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { ProbeSession } from '../../extension/vscode/probe/session';
import { validateProbeToWebview, type ProbeToWebview } from '../../extension/shared/messages/probe';
import { panelHtml } from '../../extension/vscode/panels/html';
import { buildTinyPolicy, noTorch, PYTHON } from './probe-helpers';

const skip = noTorch();
let dir = '';
before(() => {
  if (!skip) dir = buildTinyPolicy();
});
after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function session(): { s: ProbeSession; sent: ProbeToWebview[] } {
  const sent: ProbeToWebview[] = [];
  const s = new ProbeSession(dir, {
    python: PYTHON,
    post: (m) => {
      // What the webview would accept: the extension's messages pass the webview's validator.
      assert.ok(validateProbeToWebview(JSON.parse(JSON.stringify(m))).ok, `webview would drop ${m.type}`);
      sent.push(m);
    },
  });
  return { s, sent };
}

test('ready → init with the model; without data the probe asks for demonstrations', { skip }, async () => {
  const { s, sent } = session();
  await s.handle({ type: 'ready' });
  const init = sent[0];
  assert.equal(init.type, 'init');
  if (init.type !== 'init') return;
  assert.equal(init.info.parameterCount > 0, true);
  assert.deepEqual(init.info.providers, [
    'CPU: available',
    'CUDA: the CUDA provider library of onnxruntime-node is not installed (npm install onnxruntime-node with its CUDA download enabled, on a machine with CUDA 12)',
  ]);
  assert.deepEqual(init.segments, []);
  await s.handle({ type: 'predict', segment: 0, offset: 0, instruction: 'open the drawer' });
  assert.deepEqual(sent[1], { type: 'error', message: 'Choose a folder of demonstrations (CALVIN layout) first.' });
  s.dispose();
});

test('with data: segments, the instruction probe, replay and latency', { skip }, async () => {
  const { s, sent } = session();
  s.setData(join(dir, 'data'));
  const init = await s.initMessage();
  assert.ok(init.type === 'init');
  if (init.type !== 'init') return;
  assert.deepEqual(
    init.segments.map((x) => [x.start, x.end, x.task]),
    [
      [0, 4, 'open_drawer'],
      [5, 7, 'push_red_block_left'],
      [8, 13, 'turn_on_lightbulb'],
    ],
  );

  await s.handle({ type: 'predict', segment: 1, offset: 2, instruction: 'push the red block left' });
  const f1 = sent.pop();
  assert.ok(f1?.type === 'frame');
  if (f1?.type !== 'frame') return;
  assert.equal(f1.frame.frame, 7);
  assert.deepEqual([f1.frame.width, f1.frame.height, Buffer.from(f1.frame.rgbBase64, 'base64').length], [24, 24, 24 * 24 * 3]);
  assert.equal(f1.frame.predicted.length, 3);
  assert.equal(f1.frame.demonstrated.length, 1, 'the segment ends at frame 7: one demonstrated step');
  assert.deepEqual(f1.frame.tokens, [2, 8, 5, 9, 10, 11, 3, 0]);
  // Editing the instruction changes the prediction; unknown words are reported.
  await s.handle({ type: 'predict', segment: 1, offset: 2, instruction: 'close the wardrobe' });
  const f2 = sent.pop();
  assert.ok(f2?.type === 'frame');
  if (f2?.type !== 'frame') return;
  assert.deepEqual(f2.frame.unknownWords, ['wardrobe']);
  assert.notDeepEqual(f2.frame.predicted, f1.frame.predicted);

  await s.handle({ type: 'runReplay', episodes: 2 });
  const r = sent.filter((m) => m.type === 'replay').pop();
  assert.ok(r?.type === 'replay');
  if (r?.type !== 'replay') return;
  assert.deepEqual([r.replay.episodes, r.replay.steps, r.replay.episodeStarts], [2, 8, [0, 5]]);
  assert.equal(r.replay.predicted.length, 7);
  assert.equal(r.replay.demonstrated[6].length, 8);

  await s.handle({ type: 'runLatency', runs: 20, warmup: 2 });
  const l = sent.filter((m) => m.type === 'latency').pop();
  assert.ok(l?.type === 'latency' && l.results[0].provider === 'CPU' && l.results[0].runs === 20);
  assert.ok(
    l?.type === 'latency' &&
      l.notes.includes(
        'CUDA: the CUDA provider library of onnxruntime-node is not installed (npm install onnxruntime-node with its CUDA download enabled, on a machine with CUDA 12)',
      ),
  );
  s.dispose();
});

test('a broken export reaches the panel as one error line', { skip }, async () => {
  const sent: ProbeToWebview[] = [];
  const s = new ProbeSession(join(dir, 'data'), { post: (m) => sent.push(m) });
  await s.handle({ type: 'ready' });
  assert.equal(sent[0].type, 'error');
  assert.match((sent[0] as { message: string }).message, /holds no policy\.json/);
});

test('the panel HTML: default-src none, nonce-only scripts, no inline anything', () => {
  const html = panelHtml(
    {
      cspSource: 'vscode-webview://x',
      scriptUri: 'vscode-webview://x/probe.js',
      styleUri: 'vscode-webview://x/probe.css',
      title: 'Probe <run>',
      rootId: 'probe',
    },
    'N0NCE',
  );
  const csp = /Content-Security-Policy" content="([^"]+)"/.exec(html)?.[1] ?? '';
  assert.match(csp, /^default-src 'none'/);
  assert.match(csp, /script-src 'nonce-N0NCE'/);
  assert.doesNotMatch(csp, /unsafe-inline|unsafe-eval/);
  assert.match(html, /<script nonce="N0NCE" src="vscode-webview:\/\/x\/probe\.js">/);
  assert.match(html, /Probe &lt;run&gt;/);
});
