/**
 * Every property of the experiment schema has a markdownDescription (what VS Code's hover shows),
 * every enum its markdownEnumDescriptions, and every object section a defaultSnippet.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import schema from '../../schemas/experiment.schema.json';

type Node = Record<string, unknown>;

function walkProperties(node: Node, path: string, visit: (path: string, prop: Node) => void): void {
  const props = node.properties as Record<string, Node> | undefined;
  for (const [k, v] of Object.entries(props ?? {})) {
    visit(`${path}.${k}`, v);
    walkProperties(v, `${path}.${k}`, visit);
  }
}

test('every property has a markdownDescription (directly or on its definition)', () => {
  const defs = (schema as unknown as { definitions: Record<string, Node> }).definitions;
  const missing: string[] = [];
  const check = (path: string, prop: Node) => {
    const target = typeof prop.$ref === 'string' ? defs[(prop.$ref as string).split('/').pop() as string] : prop;
    if (typeof target.markdownDescription !== 'string' || !target.markdownDescription) missing.push(path);
  };
  walkProperties(schema as unknown as Node, '', check);
  for (const [name, def] of Object.entries(defs)) walkProperties(def, `#${name}`, check);
  assert.deepEqual(missing, []);
});

test('enums that describe a design choice carry markdownEnumDescriptions of the same length', () => {
  const defs = (schema as unknown as { definitions: Record<string, Node> }).definitions;
  const bad: string[] = [];
  const check = (path: string, prop: Node) => {
    if (
      Array.isArray(prop.enum) &&
      Array.isArray(prop.markdownEnumDescriptions) &&
      prop.markdownEnumDescriptions.length !== prop.enum.length
    )
      bad.push(path);
  };
  for (const [name, def] of Object.entries(defs)) walkProperties(def, `#${name}`, check);
  assert.deepEqual(bad, []);
  for (const key of ['formulation', 'action_space']) {
    assert.ok(Array.isArray((defs.policy.properties as Record<string, Node>)[key].markdownEnumDescriptions), key);
  }
});

test('the whole spec and every object section have defaultSnippets', () => {
  const defs = (schema as unknown as { definitions: Record<string, Node> }).definitions;
  assert.ok(Array.isArray((schema as unknown as Node).defaultSnippets));
  for (const name of [
    'backbone',
    'policy',
    'head',
    'observation',
    'action',
    'data',
    'stage',
    'dataset',
    'train',
    'evalEntry',
    'resources',
    'sweep',
  ]) {
    assert.ok(Array.isArray(defs[name].defaultSnippets) && (defs[name].defaultSnippets as unknown[]).length > 0, name);
  }
});
