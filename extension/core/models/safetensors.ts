/**
 * Tensor names and shapes of a model directory's safetensors weights, read from the file headers
 * only (never the weights: a header is a few hundred kilobytes of a multi-gigabyte file).
 *
 * Format (https://github.com/huggingface/safetensors): an 8-byte little-endian header length N, then
 * N bytes of JSON {name: {dtype, shape, data_offsets}, "__metadata__": {...}}. A sharded model lists
 * its files in model.safetensors.index.json ({"weight_map": {name: file}}).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface TensorInfo {
  name: string;
  shape: number[];
  dtype: string;
}

/** The safetensors format's own cap on the header (the reference implementation refuses larger). */
const MAX_HEADER_BYTES = 100_000_000;

export class SafetensorsError extends Error {}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}

// The composer asks for the cost on every edit: a header is parsed once per file version.
const parsed = new Map<string, { key: string; tensors: TensorInfo[] }>();

/** The tensors described by one .safetensors file's header; SafetensorsError in one line when it is not one. */
export function readSafetensorsHeader(file: string): TensorInfo[] {
  const st = fs.statSync(file);
  const key = `${st.size}:${st.mtimeMs}`;
  const hit = parsed.get(file);
  if (hit?.key === key) return hit.tensors;
  const tensors = parseHeader(file);
  if (parsed.size > 256) parsed.clear();
  parsed.set(file, { key, tensors });
  return tensors;
}

function parseHeader(file: string): TensorInfo[] {
  const fd = fs.openSync(file, 'r');
  try {
    const size = fs.fstatSync(fd).size;
    const head = Buffer.alloc(8);
    if (size < 8 || fs.readSync(fd, head, 0, 8, 0) !== 8)
      throw new SafetensorsError(`${file} is not a safetensors file (shorter than its 8-byte header length)`);
    const n = Number(head.readBigUInt64LE(0));
    if (n < 2 || n > MAX_HEADER_BYTES || 8 + n > size)
      throw new SafetensorsError(`${file} is not a safetensors file (header length ${n} for a ${size}-byte file)`);
    const json = Buffer.alloc(n);
    if (fs.readSync(fd, json, 0, n, 8) !== n) throw new SafetensorsError(`${file}: truncated safetensors header`);
    let header: unknown;
    try {
      header = JSON.parse(json.toString('utf8'));
    } catch {
      throw new SafetensorsError(`${file}: the safetensors header is not JSON`);
    }
    if (typeof header !== 'object' || header === null || Array.isArray(header))
      throw new SafetensorsError(`${file}: the safetensors header is not a JSON object`);
    const out: TensorInfo[] = [];
    for (const [name, v] of Object.entries(header as Record<string, unknown>)) {
      if (name === '__metadata__') continue;
      const t = v as { shape?: unknown; dtype?: unknown };
      const shape = t?.shape;
      if (!Array.isArray(shape) || !shape.every((d) => Number.isSafeInteger(d) && d >= 0) || typeof t.dtype !== 'string') {
        throw new SafetensorsError(`${file}: tensor ${JSON.stringify(name)} has no valid shape and dtype in the header`);
      }
      out.push({ name, shape: shape as number[], dtype: t.dtype });
    }
    return out;
  } finally {
    fs.closeSync(fd);
  }
}

/** The weight files of a model directory: model.safetensors, else the shards its index names; [] when neither exists. */
export function safetensorsFiles(dir: string): string[] {
  const single = path.join(dir, 'model.safetensors');
  if (fs.existsSync(single)) return [single];
  const index = path.join(dir, 'model.safetensors.index.json');
  if (!fs.existsSync(index)) return [];
  let map: unknown;
  try {
    map = (JSON.parse(fs.readFileSync(index, 'utf8')) as { weight_map?: unknown }).weight_map;
  } catch {
    throw new SafetensorsError(`${index} is not JSON`);
  }
  if (typeof map !== 'object' || map === null) throw new SafetensorsError(`${index} has no weight_map`);
  const files = [...new Set(Object.values(map as Record<string, unknown>))];
  // shard names come from a file on disk: they must stay inside the model directory
  if (!files.every((f) => typeof f === 'string' && f.endsWith('.safetensors') && path.basename(f) === f)) {
    throw new SafetensorsError(`${index}: weight_map must name .safetensors files in the same directory`);
  }
  return (files as string[]).sort().map((f) => path.join(dir, f));
}

/** Every tensor of a model directory's weights (all shards), or [] when it has no safetensors weights. */
export function modelTensors(dir: string): TensorInfo[] {
  return safetensorsFiles(dir).flatMap(readSafetensorsHeader);
}
