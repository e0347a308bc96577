/**
 * Reads the bytes appended to a file since the last call, by byte offset: each call opens the
 * file, reads from the saved offset to the current end and closes it again (so a file that is
 * rotated or deleted is never held open). A file that shrank, or whose inode changed, was
 * truncated or replaced: the tail restarts from byte 0 and says so.
 */
import * as fs from 'node:fs';

export interface ByteChunk {
  /** New bytes (empty when nothing was appended). */
  bytes: Buffer;
  /** True when the file was truncated or replaced and `bytes` start again at byte 0. */
  restarted: boolean;
  /** True when the file does not exist (yet). */
  missing: boolean;
  /** True when `bytes` stop before the end of the file (call again to read on). */
  more: boolean;
}

const EMPTY = Buffer.alloc(0);

export class ByteTail {
  /** Bytes of the file consumed so far. */
  offset = 0;
  private ino: number | undefined;

  constructor(
    readonly path: string,
    private readonly chunkBytes = 8 * 1024 * 1024,
  ) {}

  read(): ByteChunk {
    let fd: number;
    try {
      fd = fs.openSync(this.path, 'r');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') {
        return { bytes: EMPTY, restarted: false, missing: true, more: false };
      }
      throw e;
    }
    try {
      const stat = fs.fstatSync(fd);
      let restarted = false;
      if (this.ino !== undefined && (stat.size < this.offset || (stat.ino !== this.ino && stat.ino !== 0))) {
        this.offset = 0;
        restarted = true;
      }
      this.ino = stat.ino;
      const available = stat.size - this.offset;
      if (available <= 0) return { bytes: EMPTY, restarted, missing: false, more: false };
      const want = Math.min(available, this.chunkBytes);
      const bytes = Buffer.allocUnsafe(want);
      let got = 0;
      while (got < want) {
        const n = fs.readSync(fd, bytes, got, want - got, this.offset + got);
        if (n === 0) break; // the file shrank between fstat and read: the next call notices
        got += n;
      }
      this.offset += got;
      return { bytes: got === want ? bytes : bytes.subarray(0, got), restarted, missing: false, more: got > 0 && got < available };
    } finally {
      fs.closeSync(fd);
    }
  }

  reset(): void {
    this.offset = 0;
    this.ino = undefined;
  }
}
