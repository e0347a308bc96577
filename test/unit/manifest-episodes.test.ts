/**
 * Episode files in the manifest (dataset.episodes): what `vla-lab reproduce` says when they differ —
 * each changed, missing or new file named (the first five, then how many more), as a data
 * difference that stops the reproduction; manifests written before episodes were hashed compare
 * index files only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { diffManifests, episodeDifferences, manifestSummary, type RunManifest } from '../../extension/core/manifest';

const sha = (c: string) => c.repeat(64);
const files = (n: number, h = 'a') =>
  Object.fromEntries(Array.from({ length: n }, (_, i) => [`training/episode_${String(i).padStart(7, '0')}.npz`, sha(h)]));

function manifest(episodes?: Record<string, string>, epSha = 'f'): RunManifest {
  return {
    v: 1,
    created_at: '2026-12-04T10:00:00Z',
    backend: 'builtin',
    spec: { sha256: sha('a') },
    code: { workspace: { path: '/ws', commit: 'c1', dirty: false }, backend: { path: '/ext/python', commit: 'c1', dirty: false } },
    python: { executable: '/usr/bin/python3', version: '3.11.2' },
    packages: {},
    data: [
      {
        path: '/data/pt',
        split: 'training',
        sha256: sha('d'),
        files: {},
        ...(episodes ? { episodes: { count: Object.keys(episodes).length, bytes: 1 << 20, sha256: sha(epSha), files: episodes } } : {}),
      },
    ],
    benchmark: null,
    seeds: {},
    hardware: { cpu: 'x', cores: 2, gpus: [], driver: null },
  } as RunManifest;
}

test('changed, missing and new episode files are named, sorted', () => {
  const a = files(4);
  const b = { ...files(4), 'training/episode_0000002.npz': sha('b'), 'training/episode_0000009.npz': sha('a') };
  delete (b as Record<string, string>)['training/episode_0000000.npz'];
  assert.deepEqual(episodeDifferences(a, b), [
    { file: 'training/episode_0000000.npz', how: 'missing' },
    { file: 'training/episode_0000002.npz', how: 'changed' },
    { file: 'training/episode_0000009.npz', how: 'new' },
  ]);
  const d = diffManifests(manifest(a, 'e'), manifest(b, 'f'));
  assert.equal(d.length, 1);
  assert.equal(d[0].kind, 'data', 'a data difference: it stops vla-lab reproduce');
  assert.equal(
    d[0].what,
    'data 1 (/data/pt/training) episode files training/episode_0000000.npz (missing), training/episode_0000002.npz (changed), training/episode_0000009.npz (new)',
  );
  assert.match(d[0].current, /; 3 differ$/);
});

test('at most five files are named; the rest are counted', () => {
  const changed = Object.fromEntries(Object.keys(files(8)).map((f) => [f, sha('c')]));
  const d = diffManifests(manifest(files(8), 'e'), manifest(changed, 'f'));
  assert.match(d[0].what, /episode_0000004\.npz \(changed\) and 3 more$/);
});

test('a manifest without episodes (written before they were hashed) compares index files only', () => {
  assert.deepEqual(diffManifests(manifest(undefined), manifest(files(3))), []);
  assert.deepEqual(diffManifests(manifest(files(3), 'e'), manifest(files(3), 'e')), []);
  assert.match(Object.fromEntries(manifestSummary(manifest(files(3))))['data 1'], /3 episode files \(1 MiB\) sha256 f{12}$/);
});
