/**
 * The probe names a CALVIN-layout split's frame files as the trainer writes and reads them
 * (schemas/data-sources.json "calvinFrames"; test/python/test_calvin_frame_names.py checks the
 * Python side and Playtable's writer): episode_ + the frame number in 7 digits + .npz.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countFrames, framePath } from '../../extension/core/probe/dataset';

test('framePath names frame 42 episode_0000042.npz, and countFrames counts only frame files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vla-frames-'));
  try {
    assert.equal(framePath(dir, 42), join(dir, 'episode_0000042.npz'));
    assert.equal(framePath(dir, 1234567), join(dir, 'episode_1234567.npz'));
    for (const name of ['episode_0000000.npz', 'episode_0000001.npz', 'episode_12.npz', 'episode_000000a.npz', 'episode_0000002.npy', 'ep_start_end_ids.npy']) {
      writeFileSync(join(dir, name), '');
    }
    assert.equal(countFrames(dir), 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
