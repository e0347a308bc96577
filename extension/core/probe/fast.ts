/**
 * Decoding of FAST action tokens (Pertsch et al. 2025) for the probe: an exported FAST policy's
 * graph outputs token ids (`action_tokens`); this turns them into the action chunk exactly as the
 * trainer's python/vlalab/policy/fast.py does — BPE token strings concatenated, each character one
 * rounded DCT coefficient, divided by the scale, inverse DCT per action dimension, clipped to the
 * normalised range and mapped back to the dataset's units. Decoding never fails on a malformed
 * sequence (ids outside the vocabulary are skipped, a short or long sequence is zero-padded or cut),
 * as the Python side does; test/python/test_fast_actions.py runs both decoders on the same
 * sequences and requires equal actions (1e-5).
 *
 * The file (action-tokenizer.json) is named and described once, in schemas/run-layout.json.
 */
import { existsSync, readFileSync } from 'node:fs';
import layout from '../../../schemas/run-layout.json';
import { UserError } from '../errors';

/** The file an export's policy.json names (and a run folder holds). */
export const ACTION_TOKENIZER_FILE: string = layout.files.actionTokenizer;
export const ACTION_TOKENIZER_FORMAT: string = layout.actionTokenizer.format;

export interface FastTokenizer {
  chunk: number;
  dim: number;
  scale: number;
  radius: number;
  charBase: number;
  vocabSize: number;
  eos: number;
  maxTokens: number;
  low: number[];
  high: number[];
  /** id → the token's string (the fitted BPE vocabulary; fewer than vocabSize when the data had fewer merges). */
  strings: string[];
  /** The orthonormal DCT-II matrix, chunk × chunk, row-major. */
  dct: Float64Array;
}

function fail(path: string, what: string): never {
  throw new UserError(`${path}: ${what}. Re-export the policy with 'vla-lab export <run>'.`);
}

const posInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) > 0;
const numbers = (v: unknown, n: number): v is number[] =>
  Array.isArray(v) && v.length === n && v.every((x) => typeof x === 'number' && Number.isFinite(x));

/** The orthonormal DCT-II matrix (coefficients = M · x; x = Mᵀ · coefficients), as fast.py's dct_matrix. */
export function dctMatrix(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let k = 0; k < n; k++) {
    for (let t = 0; t < n; t++) {
      m[k * n + t] = (Math.cos((Math.PI * (2 * t + 1) * k) / (2 * n)) * Math.sqrt(2 / n)) / (k === 0 ? Math.sqrt(2) : 1);
    }
  }
  return m;
}

export function parseFastTokenizer(raw: unknown, path: string): FastTokenizer {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(path, 'the action tokenizer is not a JSON object');
  const o = raw as Record<string, unknown>;
  if (o.format !== ACTION_TOKENIZER_FORMAT)
    fail(path, `the action tokenizer's format is ${JSON.stringify(o.format)}, not ${ACTION_TOKENIZER_FORMAT}`);
  for (const k of ['chunk', 'dim', 'radius', 'char_base', 'vocab_size', 'eos', 'max_tokens']) {
    if (!posInt(o[k])) fail(path, `the action tokenizer's '${k}' must be a positive integer`);
  }
  const chunk = o.chunk as number,
    dim = o.dim as number;
  if (typeof o.scale !== 'number' || !(o.scale > 0)) fail(path, "the action tokenizer's 'scale' must be a positive number");
  if (!numbers(o.low, dim) || !numbers(o.high, dim)) fail(path, `the action tokenizer's 'low' and 'high' must hold ${dim} numbers`);
  const vocab = ((o.bpe as Record<string, unknown> | undefined)?.model as Record<string, unknown> | undefined)?.vocab;
  if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab))
    fail(path, "the action tokenizer has no BPE vocabulary ('bpe.model.vocab')");
  const strings: string[] = [];
  for (const [s, id] of Object.entries(vocab as Record<string, unknown>)) {
    if (!Number.isInteger(id) || (id as number) < 0 || (id as number) >= (o.vocab_size as number))
      fail(path, `the BPE token ${JSON.stringify(s)} has id ${String(id)}, outside 0..${(o.vocab_size as number) - 1}`);
    strings[id as number] = s;
  }
  for (let i = 0; i < strings.length; i++) if (strings[i] === undefined) fail(path, `the BPE vocabulary has no token with id ${i}`);
  return {
    chunk,
    dim,
    scale: o.scale,
    radius: o.radius as number,
    charBase: o.char_base as number,
    vocabSize: o.vocab_size as number,
    eos: o.eos as number,
    maxTokens: o.max_tokens as number,
    low: o.low,
    high: o.high,
    strings,
    dct: dctMatrix(chunk),
  };
}

export function readFastTokenizer(path: string): FastTokenizer {
  if (!existsSync(path))
    throw new UserError(
      `${path} does not exist: a FAST policy's export holds its action tokenizer there. Re-export the policy with 'vla-lab export <run>'.`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new UserError(`${path} is not valid JSON (${(e as Error).message}); re-export the policy.`);
  }
  return parseFastTokenizer(raw, path);
}

export interface FastDecoded {
  /** chunk × dim, in the dataset's units (the gripper as decoded, not yet signed). */
  actions: number[][];
  /** The tokens spelled exactly chunk × dim coefficients with known ids (else they were padded, cut or skipped). */
  wellFormed: boolean;
  /** Tokens read before the end token. */
  tokens: number;
}

/** Token ids (the graph's `action_tokens` row) → the action chunk. */
export function decodeFast(tok: FastTokenizer, ids: ArrayLike<number | bigint>): FastDecoded {
  const { chunk, dim, radius } = tok;
  const n = chunk * dim;
  let text = '';
  let ok = true;
  let read = 0;
  for (let j = 0; j < ids.length; j++) {
    const id = Number(ids[j]);
    if (id === tok.eos) break;
    read++;
    if (Number.isInteger(id) && id >= 0 && id < tok.strings.length) text += tok.strings[id];
    else ok = false;
  }
  const q = new Float64Array(n); // zero-padded: a missing high-frequency coefficient is 0
  let count = 0;
  for (const ch of text) {
    // by code point, as Python iterates a str
    if (count < n) q[count] = Math.min(radius, Math.max(-radius, (ch.codePointAt(0) as number) - tok.charBase - radius));
    count++;
  }
  ok = ok && count === n;
  // q is frequency-major: q[k * dim + d] is coefficient k of dimension d.
  const actions: number[][] = [];
  for (let t = 0; t < chunk; t++) {
    const row: number[] = [];
    for (let d = 0; d < dim; d++) {
      let x = 0;
      for (let k = 0; k < chunk; k++) x += tok.dct[k * chunk + t] * (q[k * dim + d] / tok.scale);
      const span = tok.high[d] - tok.low[d] > 1e-8 ? tok.high[d] - tok.low[d] : 0;
      row.push(tok.low[d] + ((Math.min(1, Math.max(-1, x)) + 1) / 2) * span);
    }
    actions.push(row);
  }
  return { actions, wellFormed: ok, tokens: read };
}
