/**
 * The editor's language features as plain data: which documents get which checker, diagnostics
 * with codes and quick fixes for a spec mistake, the CodeLenses of a spec (with the sweep's point
 * count), and path completions from the disk.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applyTextEdits } from '../../extension/core/spec';
import { checkDocument, documentKind } from '../../extension/vscode/language/checks';
import { pathCandidates, pathContext } from '../../extension/vscode/language/completions';
import { countSweepPoints, specLenses } from '../../extension/vscode/language/lenses';

const root = join(__dirname, '..', '..');

test('documents get the right checker', () => {
  assert.equal(documentKind('/w/a.vla.json', '{}', false), 'spec');
  assert.equal(documentKind('/w/configs/x.json', '{}', true), 'robovlms');
  assert.equal(documentKind('/w/any.json', '{"robovlm_name": "RoboKosMos"}', false), 'robovlms');
  assert.equal(documentKind('/w/package.json', '{"name": "x"}', false), undefined);
  assert.equal(documentKind('/w/notes.txt', '"robovlm_name":', false), undefined);
});

test('a spec mistake is a diagnostic with a code, an exact range and a quick fix that repairs it', () => {
  const text = `{
  "name": "m",
  "backbone": { "id": "tiny-xattn" },
  "policy": { "formulation": "interleaved", "action_space": "continuous", "history": 4, "chunk": 2, "head": { "type": "mlp" } },
  "data": { "stages": [ { "datasets": [ { "type": "playtable", "tasks": ["open_drawer"] } ], "steps": 10 } ] }
}
`;
  const diags = checkDocument('spec', join(root, 'm.vla.json'), text);
  const d = diags.find((x) => /interleav/i.test(x.message));
  assert.ok(d, `no interleaving diagnostic in ${diags.map((x) => x.code).join(', ')}`);
  assert.ok(d.code.startsWith('spec/'));
  assert.equal(d.severity, 'error');
  assert.ok(
    ['"interleaved"', '"tiny-xattn"'].includes(text.slice(d.range.offset, d.range.offset + d.range.length)),
    'the range covers the offending value',
  );
  assert.ok(d.fixes && d.fixes.length > 0, 'a quick fix is offered');
  const fixed = applyTextEdits(text, d.fixes![0].edits);
  assert.ok(!checkDocument('spec', join(root, 'm.vla.json'), fixed).some((x) => x.code === d.code), 'the fix removes the problem');
});

test('a RoboVLMs config gets the lint (silently ignored keys) and its schema (types)', () => {
  const text = readFileSync(
    join(root, 'test/fixtures/robovlms/finetune_kosmos_cont-lstm-post_full-ft_text_vision_wd-0_ws-8_act-10.json'),
    'utf8',
  );
  const shipped = checkDocument('robovlms', '/w/configs/k.json', text);
  assert.ok(
    shipped.every((d) => d.severity !== 'error'),
    shipped.map((d) => d.message).join('\n'),
  );
  // RoboVLMs' own config sets trainer.gradient_clip_val, which its code never reads.
  assert.ok(shipped.some((d) => d.code === 'robovlms/ignored-grad-clip' && d.severity === 'warning'));
  const broken = text.replace(/"window_size":\s*8/, '"window_size": "eight"');
  assert.notEqual(broken, text);
  const d = checkDocument('robovlms', '/w/configs/k.json', broken).find((x) => x.severity === 'error');
  assert.ok(d && d.code.startsWith('robovlms/schema'), 'a wrong type is a schema error');
  assert.equal(broken.slice(d.range.offset, d.range.offset + d.range.length), '"eight"');
});

test('CodeLenses: Train, Evaluate, Composer on every spec; Sweep (N points) with the valid count', () => {
  const plain = specLenses('{\n  "name": "x"\n}\n', '/w/x.vla.json', countSweepPoints);
  assert.deepEqual(
    plain.map((l) => [l.title, l.command, l.offset]),
    [
      ['▶ Train', 'vlaLab.train', 0],
      ['▶ Evaluate', 'vlaLab.evaluate', 0],
      ['Composer', 'vlaLab.openComposer', 0],
    ],
  );
  const file = join(root, 'examples/moe-sweep.vla.json');
  const text = readFileSync(file, 'utf8');
  const lenses = specLenses(text, file, countSweepPoints);
  const sweep = lenses.find((l) => l.command === 'vlaLab.launchSweep');
  assert.ok(sweep);
  assert.equal(text.slice(sweep.offset, sweep.offset + 7), '"sweep"');
  // 2 backbones × 3 formulations × 2 heads = 12, minus 2 excluded (one-step × moe), minus the
  // 2 cross-attention × interleaved points the rules drop.
  assert.equal(sweep.title, 'Sweep (8 points)');
  assert.deepEqual(specLenses('not json', '/w/x.vla.json', countSweepPoints), []);
});

test('path completions list folders for dataset paths, JSON chain files for eval sequences', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vla-compl-'));
  try {
    mkdirSync(join(dir, 'data', 'calvin', 'task_ABC_D'), { recursive: true });
    mkdirSync(join(dir, 'data', 'other'));
    writeFileSync(join(dir, 'data', 'eval_sequences.json'), '[]');
    writeFileSync(join(dir, 'data', 'notes.txt'), '');
    const text =
      '{ "data": { "stages": [ { "datasets": [ { "type": "calvin", "path": "data/ca" } ] } ] }, "eval": [ { "sequences": "data/" } ] }';
    const at = text.indexOf('data/ca') + 'data/ca'.length;
    const ctx = pathContext(text, at);
    assert.deepEqual(ctx && { kind: ctx.kind, typed: ctx.typed }, { kind: 'directory', typed: 'data/ca' });
    assert.deepEqual(
      pathCandidates(ctx!, dir).map((c) => c.value),
      ['data/calvin/'],
    );
    const at2 = text.indexOf('"data/" }') + '"data/'.length;
    const ctx2 = pathContext(text, at2)!;
    assert.equal(ctx2.kind, 'sequences');
    assert.deepEqual(
      pathCandidates(ctx2, dir).map((c) => c.value),
      ['data/calvin/', 'data/other/', 'data/eval_sequences.json'],
    );
    assert.equal(pathContext(text, text.indexOf('"type"') + 2), undefined, 'not in a key');
    assert.equal(pathContext(text, text.indexOf('calvin"') + 2), undefined, 'not a path field');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('checkpoint completions list run checkpoints for RoboVLMs load paths', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vla-ckpt-'));
  try {
    mkdirSync(join(dir, 'runs', 'exp', 'r1', 'checkpoints'), { recursive: true });
    writeFileSync(join(dir, 'runs', 'exp', 'r1', 'checkpoints', 'final.pt'), '');
    writeFileSync(join(dir, 'runs', 'exp', 'r1', 'events.jsonl'), '');
    const text = '{ "robovlms": { "overrides": { "model_load_path": "" } } }';
    const ctx = pathContext(text, text.indexOf('""') + 1)!;
    assert.equal(ctx.kind, 'checkpoint');
    const values = pathCandidates(ctx, dir, join(dir, 'runs')).map((c) => c.value);
    assert.ok(values.includes('runs/exp/r1/checkpoints/final.pt'), values.join(', '));
    assert.ok(!values.some((v) => v.endsWith('events.jsonl')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
