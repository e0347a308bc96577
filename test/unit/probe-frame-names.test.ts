/**
 * The probe names a CALVIN-layout split's frame files as the trainer writes and reads them
 * (schemas/data-sources.json "calvinFrames"; test/python/test_calvin_frame_names.py checks the
 * Python side and Playtable's writer): episode_ + the frame number in 7 digits + .npz; and its
 * index files ("calvinIndex"): ep_start_end_ids.npy, lang_annotations/auto_lang_ann.npy and .json.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CALVIN_INDEX, countFrames, framePath, resolveSplitDir } from '../../extension/core/probe/dataset';

test('framePath names frame 42 episode_0000042.npz, and countFrames counts only frame files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vla-frames-'));
  try {
    assert.equal(framePath(dir, 42), join(dir, 'episode_0000042.npz'));
    assert.equal(framePath(dir, 1234567), join(dir, 'episode_1234567.npz'));
    for (const name of [
      'episode_0000000.npz',
      'episode_0000001.npz',
      'episode_12.npz',
      'episode_000000a.npz',
      'episode_0000002.npy',
      'ep_start_end_ids.npy',
    ]) {
      writeFileSync(join(dir, name), '');
    }
    assert.equal(countFrames(dir), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the probe finds a split by its index files as schemas/data-sources.json names them', () => {
  assert.deepEqual(CALVIN_INDEX, {
    episodes: 'ep_start_end_ids.npy',
    annotations: join('lang_annotations', 'auto_lang_ann.npy'),
    annotationsJson: join('lang_annotations', 'auto_lang_ann.json'),
  });
  const dir = mkdtempSync(join(tmpdir(), 'vla-index-'));
  try {
    mkdirSync(join(dir, 'validation'));
    assert.throws(() => resolveSplitDir(dir), /expected ep_start_end_ids\.npy in it/);
    writeFileSync(join(dir, 'validation', 'ep_start_end_ids.npy'), '');
    assert.equal(resolveSplitDir(dir), join(dir, 'validation'));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
