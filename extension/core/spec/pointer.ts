/**
 * JSON pointers (RFC 6901) and the dot paths sweeps use (`policy.head.type`, `data.stages.0.steps`),
 * plus safe get/set on plain JSON values. Every diagnostic carries a pointer; ranges are found by
 * turning it back into a jsonc-parser path.
 */
export type Segment = string | number;

export function escapeSegment(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** ['policy', 'head', 0] → '/policy/head/0'; [] → '' (the whole document). */
export function toPointer(path: readonly Segment[]): string {
  return path.map((s) => '/' + escapeSegment(String(s))).join('');
}

/** '/a/b~1c/0' → ['a', 'b/c', '0'] (segments stay strings: a pointer does not know types). */
export function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** 'data.stages.0.steps' → ['data', 'stages', 0, 'steps']: all-digit segments index arrays. */
export function dotPathToSegments(path: string): Segment[] {
  return path.split('.').map((s) => (/^(0|[1-9][0-9]*)$/.test(s) ? Number(s) : s));
}

export function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Own property lookup (never the prototype chain: a key named `constructor` is just a key). */
function getOwn(o: unknown, key: Segment): unknown {
  if (Array.isArray(o)) return typeof key === 'number' || /^\d+$/.test(key) ? o[Number(key)] : undefined;
  if (isPlainObject(o) && Object.prototype.hasOwnProperty.call(o, String(key))) return o[String(key)];
  return undefined;
}

export function getAt(value: unknown, path: readonly Segment[]): unknown {
  let cur = value;
  for (const seg of path) {
    cur = getOwn(cur, seg);
    if (cur === undefined) return undefined;
  }
  return cur;
}

/** Defines a property even when it is called `__proto__`. */
export function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(o, key, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * Sets `value` at `path`, creating missing containers (an array when the next segment is a
 * number). Returns false when a scalar is in the way (the path cannot exist in this value).
 */
export function setAt(root: Record<string, unknown>, path: readonly Segment[], value: unknown): boolean {
  let cur: unknown = root;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    const next = last ? value : (getOwn(cur, seg) ?? (typeof path[i + 1] === 'number' ? [] : {}));
    if (Array.isArray(cur)) {
      if (typeof seg !== 'number') return false;
      cur[seg] = next;
    } else if (isPlainObject(cur)) {
      setOwn(cur, String(seg), next);
    } else {
      return false;
    }
    cur = next;
  }
  return true;
}

/** A deep copy of a JSON value (structuredClone would keep prototypes of odd keys differently). */
export function cloneJson<T>(v: T): T {
  if (Array.isArray(v)) return v.map(cloneJson) as T;
  if (isPlainObject(v)) {
    const o: Record<string, unknown> = {};
    for (const k of Object.keys(v)) setOwn(o, k, cloneJson(v[k]));
    return o as T;
  }
  return v;
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => deepEqual(x, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEqual(a[k], b[k]));
  }
  return false;
}

/** '/policy/head/type' → 'policy.head.type', '/eval/0/chunk' → 'eval[0].chunk' (for messages); '' → 'the spec'. */
export function displayPath(pointer: string): string {
  if (pointer === '') return 'the spec';
  return parsePointer(pointer)
    .map((s, i) => (/^\d+$/.test(s) ? `[${s}]` : i === 0 ? s : `.${s}`))
    .join('');
}
