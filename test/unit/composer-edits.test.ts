/**
 * The composer's edits: one minimal replacement that changes only the value asked for, keeping
 * comments, key order, indentation and line endings elsewhere byte for byte.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyEdits, parse } from 'jsonc-parser';
import { detectFormatting, diffAsSingleEdit, planEdit } from '../../extension/vscode/composer/edits';

const SPEC = `{
    // my favourite experiment
    "name": "demo",
    "backbone": { "id": "tiny-prefix", "size": "nano" }, /* compact on purpose */
    "policy": {
        "formulation": "policy-head", // RoboVLMs' best
        "history": 4,
        "head": { "type": "lstm" }
    },
    "data": {
        "stages": [
            { "name": "finetune", "datasets": [ { "type": "playtable" } ], "steps": 10 }
        ]
    }
}
`;

function apply(text: string, edits: { offset: number; length: number; newText: string }[]): string {
  return applyEdits(
    text,
    edits.map((e) => ({ offset: e.offset, length: e.length, content: e.newText })),
  );
}

test('replacing a value changes only that value and keeps every comment', () => {
  const { edits, newText } = planEdit(SPEC, [{ path: ['backbone', 'id'], value: 'tiny-xattn' }]);
  assert.equal(edits.length, 1);
  assert.equal(edits[0].newText, 'xattn');
  assert.equal(apply(SPEC, edits), newText);
  assert.equal(newText, SPEC.replace('"tiny-prefix"', '"tiny-xattn"'));
  assert.match(newText, /\/\/ my favourite experiment/);
  assert.match(newText, /\/\* compact on purpose \*\//);
  assert.match(newText, /\/\/ RoboVLMs' best/);
});

test('adding a property uses the document indentation (4 spaces) and keeps the rest intact', () => {
  const { newText } = planEdit(SPEC, [{ path: ['policy', 'chunk'], value: 10 }]);
  assert.deepEqual(parse(newText).policy.chunk, 10);
  assert.match(newText, /\n {8}"chunk": 10/);
  // everything before the policy object is untouched
  const head = SPEC.slice(0, SPEC.indexOf('"policy"'));
  assert.ok(newText.startsWith(head));
  assert.match(newText, /"formulation": "policy-head", \/\/ RoboVLMs' best/);
});

test('creating a missing parent object creates it in place', () => {
  const { newText } = planEdit(SPEC, [{ path: ['resources', 'gpus'], value: 1 }]);
  assert.deepEqual(parse(newText).resources, { gpus: 1 });
  assert.match(newText, /\/\/ my favourite experiment/);
});

test('removing a property and an array item', () => {
  const removed = planEdit(SPEC, [{ path: ['policy', 'history'], value: undefined }]).newText;
  assert.equal(parse(removed).policy.history, undefined);
  assert.match(removed, /"formulation": "policy-head", \/\/ RoboVLMs' best/);
  const twoStages = planEdit(SPEC, [
    { path: ['data', 'stages', 0], value: { name: 'pretrain', datasets: [{ type: 'playtable' }] }, insert: true },
  ]).newText;
  assert.deepEqual(
    parse(twoStages).data.stages.map((s: { name: string }) => s.name),
    ['pretrain', 'finetune'],
  );
  const back = planEdit(twoStages, [{ path: ['data', 'stages', 0], value: undefined }]).newText;
  assert.deepEqual(
    parse(back).data.stages.map((s: { name: string }) => s.name),
    ['finetune'],
  );
});

test('several changes become one edit (one undo step)', () => {
  const { edits, newText } = planEdit(SPEC, [
    { path: ['policy', 'formulation'], value: 'one-step' },
    { path: ['policy', 'action_space'], value: 'discrete' },
    { path: ['policy', 'discretization'], value: { bins: 256 } },
  ]);
  assert.equal(edits.length, 1);
  const policy = parse(newText).policy;
  assert.equal(policy.formulation, 'one-step');
  assert.equal(policy.action_space, 'discrete');
  assert.deepEqual(policy.discretization, { bins: 256 });
  assert.equal(apply(SPEC, edits), newText);
});

test('tabs and CRLF line endings are kept', () => {
  const text = '{\r\n\t"name": "x", // keep\r\n\t"policy": {\r\n\t\t"history": 2\r\n\t}\r\n}\r\n';
  assert.deepEqual(detectFormatting(text), { insertSpaces: false, tabSize: 1, eol: '\r\n' });
  const { newText } = planEdit(text, [{ path: ['policy', 'chunk'], value: 4 }]);
  assert.match(newText, /\r\n\t\t"chunk": 4/);
  assert.ok(!/[^\r]\n/.test(newText), 'no bare LF introduced');
  assert.match(newText, /\/\/ keep/);
});

test('an empty document becomes an object', () => {
  assert.deepEqual(parse(planEdit('', [{ path: ['name'], value: 'x' }]).newText), { name: 'x' });
});

test('a no-op change gives no edit', () => {
  assert.deepEqual(planEdit(SPEC, [{ path: ['name'], value: 'demo' }]).edits, []);
});

test('text with a syntax error is refused with a message saying what to do', () => {
  assert.throws(() => planEdit('{ "name": "x", ', [{ path: ['name'], value: 'y' }]), /fix them in the text editor/);
});

test('diffAsSingleEdit never splits a surrogate pair', () => {
  const before = '{"d": "🤖a"}';
  const after = '{"d": "🦾a"}';
  const [edit] = diffAsSingleEdit(before, after);
  assert.equal(apply(before, [edit]), after);
  assert.ok(!/^[\udc00-\udfff]/.test(edit.newText), 'edit starts on a whole character');
});

test('removing the last member drops only its lines and the comma before it, not the comment', () => {
  const text = '{\n  "a": 1, // about a\n  "b": {\n    "c": 2\n  }\n}\n';
  const { newText } = planEdit(text, [{ path: ['b'], value: undefined }]);
  assert.equal(newText, '{\n  "a": 1 // about a\n}\n');
});

test('removing an inline member falls back to a minimal in-line edit', () => {
  const { newText } = planEdit(SPEC, [{ path: ['backbone', 'size'], value: undefined }]);
  assert.match(newText, /"backbone": \{ "id": "tiny-prefix" ?\}, \/\* compact on purpose \*\//);
});
