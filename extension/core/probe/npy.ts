/**
 * Reading NumPy's .npy and .npz files (the CALVIN dataset layout stores one .npz per time step).
 *
 * The .npy header is a tiny Python dict literal, parsed here; .npz is a zip of .npy files, opened
 * with fflate (it handles the zip64 records NumPy always writes). Object arrays (pickles) are
 * refused: reading a pickle means running code, which we never do on user data.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { UserError } from '../errors';

export type NpyData =
  | Float32Array
  | Float64Array
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | BigInt64Array
  | BigUint64Array;

export interface NpyArray {
  /** NumPy's dtype string without byte order, e.g. `f4`, `u1`, `i8`, `b1`. */
  dtype: string;
  shape: number[];
  /** Always C order (Fortran-ordered files are transposed on read). */
  data: NpyData;
}

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

interface DtypeInfo {
  size: number;
  make: (buf: ArrayBuffer, length: number) => NpyData;
}

const DTYPES: Record<string, DtypeInfo> = {
  f4: { size: 4, make: (b, n) => new Float32Array(b, 0, n) },
  f8: { size: 8, make: (b, n) => new Float64Array(b, 0, n) },
  i1: { size: 1, make: (b, n) => new Int8Array(b, 0, n) },
  u1: { size: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  b1: { size: 1, make: (b, n) => new Uint8Array(b, 0, n) },
  i2: { size: 2, make: (b, n) => new Int16Array(b, 0, n) },
  u2: { size: 2, make: (b, n) => new Uint16Array(b, 0, n) },
  i4: { size: 4, make: (b, n) => new Int32Array(b, 0, n) },
  u4: { size: 4, make: (b, n) => new Uint32Array(b, 0, n) },
  i8: { size: 8, make: (b, n) => new BigInt64Array(b, 0, n) },
  u8: { size: 8, make: (b, n) => new BigUint64Array(b, 0, n) },
};

interface NpyHeader {
  descr: string;
  fortranOrder: boolean;
  shape: number[];
}

/** Parses `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`. */
function parseHeader(text: string, what: string): NpyHeader {
  const descr = /'descr'\s*:\s*'([^']*)'/.exec(text)?.[1];
  const fortran = /'fortran_order'\s*:\s*(True|False)/.exec(text)?.[1];
  const shapeText = /'shape'\s*:\s*\(([^)]*)\)/.exec(text)?.[1];
  if (descr === undefined || fortran === undefined || shapeText === undefined) {
    throw new UserError(`${what} is not a valid .npy array (its header has no descr, fortran_order or shape).`);
  }
  const shape = shapeText
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
    .map(Number);
  if (shape.some((d) => !Number.isInteger(d) || d < 0)) throw new UserError(`${what} has an invalid shape (${shapeText}).`);
  return { descr, fortranOrder: fortran === 'True', shape };
}

/** Parses the bytes of one .npy file. `what` names it in error messages. */
export function parseNpy(bytes: Uint8Array, what = 'the .npy file'): NpyArray {
  if (bytes.length < 10 || MAGIC.some((m, i) => bytes[i] !== m)) {
    throw new UserError(`${what} is not a .npy file (bad magic bytes).`);
  }
  const major = bytes[6];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [headerLen, headerStart] = major === 1 ? [view.getUint16(8, true), 10] : [view.getUint32(8, true), 12];
  if (major < 1 || major > 3 || headerStart + headerLen > bytes.length)
    throw new UserError(`${what} has an unsupported or truncated .npy header.`);
  const header = parseHeader(Buffer.from(bytes.subarray(headerStart, headerStart + headerLen)).toString('latin1'), what);

  const order = header.descr[0];
  const code = /^[<>|=]/.test(header.descr) ? header.descr.slice(1) : header.descr;
  if (code === 'O' || code.startsWith('V') || code.startsWith('U') || code.startsWith('S')) {
    throw new UserError(`${what} holds dtype '${header.descr}' (objects or strings); only numeric arrays can be read.`);
  }
  const info = DTYPES[code];
  if (!info)
    throw new UserError(`${what} has dtype '${header.descr}', which is not supported (use float32/64, int8–64, uint8–64 or bool).`);

  const count = header.shape.reduce((a, b) => a * b, 1);
  const start = headerStart + headerLen;
  const byteLength = count * info.size;
  if (start + byteLength > bytes.length)
    throw new UserError(`${what} is truncated (expected ${byteLength} data bytes, found ${bytes.length - start}).`);
  // Copy into a fresh buffer: typed arrays need aligned offsets, and the zip buffer is shared.
  const own = new Uint8Array(byteLength);
  own.set(bytes.subarray(start, start + byteLength));
  if (order === '>' && info.size > 1) {
    for (let i = 0; i < byteLength; i += info.size) own.subarray(i, i + info.size).reverse();
  }
  let data = info.make(own.buffer, count);
  if (header.fortranOrder && header.shape.length > 1) data = fortranToC(data, header.shape);
  return { dtype: code, shape: header.shape, data };
}

/** Reorders a column-major array into row-major order. */
function fortranToC(src: NpyData, shape: number[]): NpyData {
  const out = new (src.constructor as { new (n: number): NpyData })(src.length);
  const n = shape.length;
  const idx = new Array<number>(n).fill(0);
  // Strides of the source (column-major).
  const fStride: number[] = [];
  let s = 1;
  for (let d = 0; d < n; d++) {
    fStride.push(s);
    s *= shape[d];
  }
  for (let c = 0; c < src.length; c++) {
    let f = 0;
    for (let d = 0; d < n; d++) f += idx[d] * fStride[d];
    (out as unknown as { [i: number]: number | bigint })[c] = (src as unknown as { [i: number]: number | bigint })[f];
    for (let d = n - 1; d >= 0; d--) {
      if (++idx[d] < shape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}

export function readNpy(path: string): NpyArray {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  return parseNpy(bytes, path);
}

/**
 * Reads the arrays of an .npz file; `keys` restricts decompression to those arrays (the others
 * are never inflated, which matters for per-frame CALVIN files with depth images we do not use).
 */
export function readNpz(path: string, keys?: readonly string[]): Record<string, NpyArray> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`Cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}.`);
  }
  return parseNpz(bytes, path, keys);
}

export function parseNpz(bytes: Uint8Array, what: string, keys?: readonly string[]): Record<string, NpyArray> {
  const wanted = keys ? new Set(keys.map((k) => `${k}.npy`)) : undefined;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, { filter: (f) => !wanted || wanted.has(f.name) });
  } catch (e) {
    throw new UserError(`${what} is not a readable .npz (zip) file: ${(e as Error).message}.`);
  }
  const out: Record<string, NpyArray> = {};
  for (const [name, data] of Object.entries(entries)) {
    if (!name.endsWith('.npy')) continue;
    const key = name.slice(0, -4);
    out[key] = parseNpy(data, `${what}:${key}`);
  }
  if (keys) {
    const missing = keys.filter((k) => !(k in out));
    if (missing.length)
      throw new UserError(
        `${what} has no array named ${missing.map((m) => `'${m}'`).join(', ')} (it has: ${Object.keys(out).join(', ') || 'none of those'}).`,
      );
  }
  return out;
}

/** The array's values as plain numbers (int64 converted; fails beyond 2^53, which never occurs in indices). */
export function toNumbers(a: NpyArray): Float64Array {
  const out = new Float64Array(a.data.length);
  for (let i = 0; i < out.length; i++) out[i] = Number(a.data[i]);
  return out;
}
