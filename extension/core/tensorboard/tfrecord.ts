/**
 * TFRecord framing, as written by TensorFlow, tensorboardX and torch.utils.tensorboard:
 *
 *   uint64 length (little-endian) | uint32 masked_crc32c(length bytes) | data[length] | uint32 masked_crc32c(data)
 *
 * `scanRecords` walks a buffer that may end in the middle of a record (a file still being written):
 * it stops before an incomplete record so the caller can resume from the returned offset once more
 * bytes arrive. A record whose data checksum fails is skipped with a warning (its length was
 * verified, so the next record is where it says). A header whose checksum fails cannot be trusted
 * for its length; the scanner then resynchronises by looking for the next offset with a valid
 * header checksum (a false match has probability 2^-32 and is still caught by the data checksum).
 */
import { maskedCrc32c } from './crc32c';

const HEADER_BYTES = 12;
const FOOTER_BYTES = 4;
/** Larger records are treated as corruption: a TensorBoard event never comes near this. */
const MAX_RECORD_BYTES = 256 * 1024 * 1024;

export interface ScanResult {
  /** Offset (relative to the buffer) of the first byte not consumed: the start of an incomplete record. */
  consumed: number;
  /** Number of records passed to onRecord. */
  records: number;
}

export interface RecordSink {
  /** data is a view into the scanned buffer, valid only during the call. */
  onRecord(data: Uint8Array, offset: number): void;
  onWarning(message: string, offset: number): void;
}

function validHeaderAt(buf: Uint8Array, view: DataView, pos: number): boolean {
  return view.getUint32(pos + 8, true) === maskedCrc32c(buf, pos, pos + 8);
}

/**
 * Scans buf[start, end) for complete records. `final` says no more bytes will come (a one-shot
 * read of a closed file): a trailing incomplete record is then reported as truncated.
 */
export function scanRecords(buf: Uint8Array, start: number, end: number, sink: RecordSink, final = false): ScanResult {
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  let pos = start;
  let records = 0;
  while (end - pos >= HEADER_BYTES) {
    if (!validHeaderAt(buf, view, pos)) {
      const badAt = pos;
      pos++;
      while (end - pos >= HEADER_BYTES && !validHeaderAt(buf, view, pos)) pos++;
      if (end - pos < HEADER_BYTES && !final) {
        // Not resynchronised yet: keep the last bytes (a header may be completed by the next write).
        pos = Math.max(badAt + 1, end - HEADER_BYTES + 1);
        sink.onWarning(`corrupt record header at byte ${badAt}; skipped ${pos - badAt} bytes so far`, badAt);
        return { consumed: pos, records };
      }
      sink.onWarning(`corrupt record header at byte ${badAt}; skipped ${pos - badAt} bytes to the next valid record`, badAt);
      continue;
    }
    const high = view.getUint32(pos + 4, true);
    const length = view.getUint32(pos, true);
    if (high !== 0 || length > MAX_RECORD_BYTES) {
      sink.onWarning(`record at byte ${pos} claims ${high !== 0 ? 'more than 4 GiB' : `${length} bytes`}; skipped`, pos);
      pos++;
      continue;
    }
    const dataStart = pos + HEADER_BYTES;
    const dataEnd = dataStart + length;
    if (dataEnd + FOOTER_BYTES > end) break; // incomplete: wait for more bytes
    const expected = view.getUint32(dataEnd, true);
    if (expected !== maskedCrc32c(buf, dataStart, dataEnd)) {
      sink.onWarning(`record at byte ${pos} (${length} bytes) fails its data checksum; skipped`, pos);
    } else {
      sink.onRecord(buf.subarray(dataStart, dataEnd), pos);
      records++;
    }
    pos = dataEnd + FOOTER_BYTES;
  }
  if (final && pos < end) {
    sink.onWarning(`file ends with an incomplete record (${end - pos} bytes at byte ${pos}); ignored`, pos);
    pos = end;
  }
  return { consumed: pos, records };
}

/** Frames one record (used to write test fixtures and by anything that writes event files). */
export function encodeRecord(data: Uint8Array): Buffer {
  const out = Buffer.alloc(HEADER_BYTES + data.length + FOOTER_BYTES);
  out.writeUInt32LE(data.length, 0);
  out.writeUInt32LE(0, 4);
  out.writeUInt32LE(maskedCrc32c(out, 0, 8), 8);
  out.set(data, HEADER_BYTES);
  out.writeUInt32LE(maskedCrc32c(data), HEADER_BYTES + data.length);
  return out;
}
