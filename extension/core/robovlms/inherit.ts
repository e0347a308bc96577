/**
 * `parent` inheritance of RoboVLMs configs, resolved exactly as RoboVLMs does it.
 *
 * RoboVLMs has two loaders that merge differently:
 * - training (`main.py`, mode 'train'): `load_config` reads the file; when `parent` is truthy it
 *   resolves the parent first (recursively) and merges the child over it with `deep_update`: for
 *   each key of the child, an object value whose key already exists is merged recursively and the
 *   existing value MUST be an object too (else `AssertionError`); anything else (scalars, lists,
 *   null, objects under new keys) replaces the existing value. Keys only in the parent stay, in the
 *   parent's order; new keys are appended in the child's order. `__override__` means nothing here
 *   (it stays in the config as an ordinary key).
 * - evaluation and tools (`robovlms/utils/config_utils.py`, mode 'eval'): the same, except that an
 *   object carrying a truthy `"__override__"` replaces the existing value wholesale (and loses that
 *   key), and an object over a non-object simply replaces it (no assertion).
 *
 * Both open `parent` relative to the CURRENT DIRECTORY of the process (RoboVLMs' checkout when run
 * as its scripts do), not relative to the file that names it. `relativeTo: 'file'` is offered for
 * configs written the other way, but it is not what RoboVLMs does.
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve, dirname } from 'node:path';
import { UserError } from '../errors';
import { clone, isObject, parseJson, setOwn, type Json, type JsonObject } from './json';

export type MergeMode = 'train' | 'eval';

export interface ConfigFs {
  /** Reads a UTF-8 file; throws an error with code ENOENT (or any error) when it cannot. */
  readFile(path: string): string;
}

export const nodeFs: ConfigFs = { readFile: (p) => readFileSync(p, 'utf8') };

export interface InheritOptions {
  /** The directory RoboVLMs' main.py would run in (its checkout); parents are opened relative to it. */
  cwd: string;
  /** 'train' (main.py, the default) or 'eval' (config_utils.py, honours `__override__`). */
  mode?: MergeMode;
  /** Where a relative `parent` is looked up: 'cwd' (RoboVLMs' behaviour, the default) or 'file'. */
  relativeTo?: 'cwd' | 'file';
  fs?: ConfigFs;
}

export interface EffectiveConfig {
  config: JsonObject;
  /** Absolute paths of the files merged, child first. */
  files: string[];
}

/** Python truthiness, which is what `_config.get("parent", None)` and `v.get("__override__")` test. */
export function pyTruthy(v: Json | undefined): boolean {
  if (v === undefined || v === null || v === false || v === 0 || v === '') return false;
  if (Array.isArray(v)) return v.length > 0;
  if (isObject(v)) return Object.keys(v).length > 0;
  return true;
}

function describe(v: Json | undefined): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (isObject(v)) return 'an object';
  return `${typeof v === 'string' ? 'the string' : typeof v === 'number' ? 'the number' : 'the boolean'} ${JSON.stringify(v)}`;
}

/** Raised (as a UserError) where RoboVLMs' main.py stops with AssertionError. */
export class MergeError extends UserError {
  constructor(
    message: string,
    readonly keyPath: string[],
    readonly childFile: string,
    readonly parentFile: string,
  ) {
    super(message, 'robovlms/parent-merge');
  }
}

/**
 * RoboVLMs' deep_update(d1, d2): merges d2 into d1 in place and returns d1. `where` names the
 * files for the error message.
 */
function deepUpdate(
  d1: JsonObject,
  d2: JsonObject,
  mode: MergeMode,
  where?: { child: string; parent: string },
  path: string[] = [],
): JsonObject {
  for (const k of Object.keys(d2)) {
    const v = d2[k];
    const has = Object.prototype.hasOwnProperty.call(d1, k);
    if (mode === 'train') {
      if (isObject(v) && has) {
        if (!isObject(d1[k])) {
          const keyPath = [...path, k];
          const child = where?.child ?? 'the child config';
          const parent = where?.parent ?? 'its parent';
          throw new MergeError(
            `cannot merge ${child} over its parent ${parent}: "${keyPath.join('.')}" is an object in ${child} but ${describe(d1[k])} in the parent ` +
              `(RoboVLMs' main.py stops here with AssertionError); make both objects, or use a non-object value in ${child}`,
            keyPath,
            child,
            parent,
          );
        }
        deepUpdate(d1[k] as JsonObject, v, mode, where, [...path, k]);
      } else {
        setOwn(d1, k, clone(v));
      }
    } else {
      if (isObject(v)) {
        if (pyTruthy(v.__override__)) {
          const replaced = clone(v);
          delete replaced.__override__;
          setOwn(d1, k, replaced);
        } else if (has && isObject(d1[k])) {
          deepUpdate(d1[k] as JsonObject, v, mode, where, [...path, k]);
        } else {
          setOwn(d1, k, clone(v));
        }
      } else {
        setOwn(d1, k, clone(v));
      }
    }
  }
  return d1;
}

/** Reads and parses one config file, with one-line errors naming the file and position. */
export function readConfigFile(path: string, fs: ConfigFs = nodeFs, referencedBy?: string, cwdHint?: string): JsonObject {
  let text: string;
  try {
    text = fs.readFile(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException)?.code;
    if (referencedBy) {
      throw new UserError(
        `parent config ${path} (named by "parent" in ${referencedBy}) ${code === 'ENOENT' ? 'does not exist' : 'cannot be read'}` +
          (cwdHint ? `; RoboVLMs opens "parent" relative to the directory main.py runs in (${cwdHint}): fix the path or pass --cwd` : ''),
        'robovlms/parent-not-found',
      );
    }
    throw new UserError(
      `${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory, not a config file' : 'cannot be read'}`,
    );
  }
  const doc = parseJson(text);
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const line = doc.lineStarts.filter((s) => s <= e.offset).length;
    const col = e.offset - doc.lineStarts[line - 1] + 1;
    throw new UserError(`${path}:${line}:${col}: not valid JSON: ${e.message}`, 'robovlms/json-syntax');
  }
  if (!isObject(doc.value)) {
    throw new UserError(`${path}: a RoboVLMs config must be a JSON object, not ${describe(doc.value)}`);
  }
  return doc.value;
}

/**
 * The effective config of `path` (parents merged) as RoboVLMs' training (`mode: 'train'`) or
 * evaluation (`mode: 'eval'`) loader builds it. `path` itself is resolved against `cwd`.
 */
export function loadEffectiveConfig(path: string, opts: InheritOptions): EffectiveConfig {
  const fs = opts.fs ?? nodeFs;
  const mode = opts.mode ?? 'train';
  const relativeTo = opts.relativeTo ?? 'cwd';
  const files: string[] = [];

  const load = (file: string, stack: string[], referencedBy?: string): JsonObject => {
    if (stack.includes(file)) {
      throw new UserError(
        `parent cycle: ${[...stack, file].join(' → ')} (RoboVLMs would recurse until RecursionError); remove one of the "parent" links`,
        'robovlms/parent-cycle',
      );
    }
    const own = readConfigFile(file, fs, referencedBy, opts.cwd);
    files.push(file);
    const config: JsonObject = {};
    const parent = own.parent;
    if (pyTruthy(parent)) {
      if (typeof parent !== 'string') {
        throw new UserError(
          `${file}: "parent" must be the path of a config file (a string) or null, not ${describe(parent)}`,
          'robovlms/parent-type',
        );
      }
      const base = relativeTo === 'file' ? dirname(file) : opts.cwd;
      const parentFile = isAbsolute(parent) ? parent : resolve(base, parent);
      deepUpdate(config, load(parentFile, [...stack, file], file), mode);
      deepUpdate(config, own, mode, { child: file, parent: parentFile });
    } else {
      deepUpdate(config, own, mode);
    }
    return config;
  };

  const top = isAbsolute(path) ? path : resolve(opts.cwd, path);
  const config = load(top, []);
  return { config, files };
}

export function effectiveConfig(path: string, opts: InheritOptions): JsonObject {
  return loadEffectiveConfig(path, opts).config;
}
