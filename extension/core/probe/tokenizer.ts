/**
 * The word-level instruction tokenizer, re-implemented from the rules the exported policy.json
 * carries (vocabulary, special tokens, maximum length). It must produce exactly the ids the Python
 * tokenizer (python/vlalab/policy/tokenizer.py) produces: test/unit/probe-tokenizer.test.ts runs
 * both on the same tricky strings.
 */
import { UserError } from '../errors';

export interface TokenizerSpec {
  /** word → id. */
  vocab: Map<string, number>;
  maxLength: number;
  padId: number;
  unkId: number;
  bosId?: number;
  eosId?: number;
  lowercase: boolean;
}

export interface Tokenized {
  ids: number[];
  /** 1 for real tokens, 0 for padding. */
  mask: number[];
  /** Words not in the vocabulary (mapped to the unknown id). */
  unknownWords: string[];
  /** The instruction was longer than maxLength and was cut. */
  truncated: boolean;
}

function fail(path: string, what: string): never {
  throw new UserError(`${path}: tokenizer ${what}. Re-export the policy with 'vla-lab export <run>'.`);
}

function idOf(vocab: Map<string, number>, v: unknown, path: string, what: string, required: boolean): number | undefined {
  if (typeof v === 'number' && Number.isInteger(v) && v >= 0) return v;
  if (typeof v === 'string') {
    const id = vocab.get(v);
    if (id === undefined) fail(path, `${what} token '${v}' is not in the vocabulary`);
    return id;
  }
  if (required) fail(path, `has no ${what} token`);
  return undefined;
}

/** Validates policy.json's `tokenizer` object. */
export function parseTokenizerSpec(raw: unknown, path: string): TokenizerSpec {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) fail(path, 'is not an object');
  const t = raw as Record<string, unknown>;
  const vocab = new Map<string, number>();
  if (Array.isArray(t.vocab)) {
    t.vocab.forEach((w, i) => {
      if (typeof w !== 'string') fail(path, `vocab[${i}] is not a string`);
      vocab.set(w, i);
    });
  } else if (t.vocab && typeof t.vocab === 'object') {
    for (const [w, id] of Object.entries(t.vocab)) {
      if (!Number.isInteger(id) || (id as number) < 0) fail(path, `vocab['${w}'] is not a non-negative integer id`);
      vocab.set(w, id as number);
    }
  } else fail(path, "has no 'vocab' (a list of words, or word → id)");
  if (vocab.size === 0) fail(path, 'vocabulary is empty');
  const maxLength = t.max_length ?? t.max_len;
  if (!Number.isInteger(maxLength) || (maxLength as number) < 1) fail(path, "has no 'max_length'");
  return {
    vocab,
    maxLength: maxLength as number,
    padId: idOf(vocab, t.pad_id ?? t.pad ?? t.pad_token, path, 'padding', true) as number,
    unkId: idOf(vocab, t.unk_id ?? t.unk ?? t.unk_token, path, 'unknown-word', true) as number,
    bosId: idOf(vocab, t.bos_id ?? t.bos ?? t.bos_token, path, 'begin', false),
    eosId: idOf(vocab, t.eos_id ?? t.eos ?? t.eos_token, path, 'end', false),
    lowercase: t.lowercase !== false,
  };
}

/** Splits an instruction into words: lower-cased, letters and digits only. */
export function splitWords(text: string, lowercase = true): string[] {
  const s = lowercase ? text.toLowerCase() : text;
  return s.match(/[a-z0-9]+/gi) ?? [];
}

export function tokenize(spec: TokenizerSpec, text: string): Tokenized {
  const words = splitWords(text, spec.lowercase);
  const unknownWords: string[] = [];
  const ids: number[] = [];
  if (spec.bosId !== undefined) ids.push(spec.bosId);
  for (const w of words) {
    const id = spec.vocab.get(w);
    if (id === undefined) {
      unknownWords.push(w);
      ids.push(spec.unkId);
    } else ids.push(id);
  }
  if (spec.eosId !== undefined) ids.push(spec.eosId);
  const truncated = ids.length > spec.maxLength;
  const kept = ids.slice(0, spec.maxLength);
  const mask = kept.map(() => 1);
  while (kept.length < spec.maxLength) {
    kept.push(spec.padId);
    mask.push(0);
  }
  return { ids: kept, mask, unknownWords, truncated };
}
