/**
 * "VLA Lab: New Experiment"'s templates are the shipped examples — one copy of each spec: the
 * quickstart a user starts from is examples/quickstart.vla.json (what `npm run quickstart` trains),
 * renamed, without `$schema`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { instantiate, listTemplates } from '../../extension/vscode/templates';

const root = join(__dirname, '..', '..');
const example = (id: string) => JSON.parse(readFileSync(join(root, 'examples', `${id}.vla.json`), 'utf8'));

test('the quickstart template is examples/quickstart.vla.json, offered first', () => {
  const templates = listTemplates(root);
  assert.deepEqual(
    templates.slice(0, 2).map((t) => [t.id, t.label]),
    [
      ['quickstart', 'Quickstart (CPU, minutes)'],
      ['robovlms-kosmos', 'RoboVLMs best recipe: KosMos-2 policy-head LSTM (CALVIN)'],
    ],
  );
  assert.deepEqual(templates[0].spec, example('quickstart'));
  assert.equal(templates[0].description, example('quickstart').description);
});

test('every example is a template, and a new spec is the example with the chosen name and no $schema', () => {
  const templates = listTemplates(root);
  const ids = readdirSync(join(root, 'examples'))
    .filter((f) => f.endsWith('.vla.json'))
    .map((f) => f.replace(/\.vla\.json$/, ''));
  assert.deepEqual(templates.map((t) => t.id).sort(), ids.sort());
  for (const t of templates) {
    const { $schema: _ignored, ...expected } = example(t.id);
    assert.deepEqual(JSON.parse(instantiate(t, 'mine')), { ...expected, name: 'mine' }, t.id);
  }
});

test('without an examples folder there are no templates (no hidden copy to go stale)', () => {
  assert.deepEqual(listTemplates(join(root, 'does-not-exist')), []);
});
