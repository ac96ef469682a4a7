/**
 * A value the canonical encoding accepts: I-JSON (RFC 7493). No undefined, no NaN or ±Infinity, no lone
 * surrogates in strings, only plain objects and arrays.
 */
export type JsonValue =
  null | boolean | number | string | readonly JsonValue[] | { readonly [key: string]: JsonValue };

/** The value cannot be encoded canonically; `path` is a JSON Pointer (RFC 6901) to the offending part. */
export class CanonicalEncodingError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
  ) {
    super(`Cannot encode canonically at "${path}": ${problem}`);
    this.name = 'CanonicalEncodingError';
  }
}

/**
 * The JSON Canonicalization Scheme (JCS, RFC 8785): object members sorted by their names compared as arrays
 * of UTF-16 code units, no whitespace, numbers as ECMAScript's Number::toString writes them (`1e+30`,
 * `0.002`, `-0` → `0`), strings as ECMAScript's JSON.stringify writes them (only `"`, `\` and U+0000–U+001F
 * escaped; `\b \t \n \f \r` short, the rest `\u00xx` in lower-case hex). Hash and sign its UTF-8 bytes
 * (`canonicalBytes`).
 *
 * @throws CanonicalEncodingError for anything outside I-JSON, instead of silently dropping it as
 * JSON.stringify does (undefined members, NaN → null, Date → string).
 */
export function canonicalize(value: unknown): string {
  return encode(value, { names: [], ancestors: new Set() });
}

/** The UTF-8 bytes of `canonicalize(value)`: the input of every hash and signature in the ledger. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalize(value), 'utf8');
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/**
 * Where the encoder is: the member names and indexes from the root, pushed and popped as it descends (the
 * JSON Pointer is only spelled out for an error), and the objects on the way (a cycle would recur forever).
 */
interface Trail {
  readonly names: (string | number)[];
  readonly ancestors: Set<object>;
}

const pointerOf = (trail: Trail): string =>
  trail.names.map((name) => `/${typeof name === 'number' ? name : escapePointer(name)}`).join('');

function encode(value: unknown, trail: Trail): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value))
        throw new CanonicalEncodingError(pointerOf(trail), `${value} is not a JSON number`);
      // For finite numbers JSON.stringify is Number::toString, which is what RFC 8785 §3.2.2.3 prescribes.
      return JSON.stringify(value);
    case 'string':
      return encodeString(value, trail);
    case 'object':
      return encodeComposite(value, trail);
    default:
      // undefined, bigint, symbol, function
      throw new CanonicalEncodingError(pointerOf(trail), `${typeof value} is not a JSON value`);
  }
}

const SURROGATE = /[\uD800-\uDFFF]/;

function encodeString(value: string, trail: Trail): string {
  if (SURROGATE.test(value) && LONE_SURROGATE.test(value)) {
    throw new CanonicalEncodingError(pointerOf(trail), 'string holds a lone surrogate (not I-JSON)');
  }
  return JSON.stringify(value);
}

function encodeComposite(value: object, trail: Trail): string {
  if (trail.ancestors.has(value)) throw new CanonicalEncodingError(pointerOf(trail), 'cyclic structure');
  trail.ancestors.add(value);
  try {
    return encodeMembers(value, trail);
  } finally {
    trail.ancestors.delete(value);
  }
}

function encodeMembers(value: object, trail: Trail): string {
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) {
      // A hole reads as undefined and is refused like an explicit undefined.
      trail.names.push(i);
      items.push(encode(value[i], trail));
      trail.names.pop();
    }
    return `[${items.join(',')}]`;
  }
  // A plain object's prototype is null or an Object.prototype (of any realm: structuredClone, vm contexts).
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== null && Object.getPrototypeOf(prototype) !== null) {
    const kind = (value as { constructor?: { name?: string } }).constructor?.name ?? 'object';
    throw new CanonicalEncodingError(pointerOf(trail), `${kind} is not a plain object`);
  }
  if (Object.getOwnPropertySymbols(value).length > 0) {
    throw new CanonicalEncodingError(pointerOf(trail), 'object has symbol keys');
  }
  const record = value as Record<string, unknown>;
  // Array.prototype.sort without a comparator compares strings by UTF-16 code units: RFC 8785 §3.2.3.
  const names = Object.keys(record).sort();
  const members: string[] = [];
  for (const name of names) {
    const key = encodeString(name, trail);
    trail.names.push(name);
    members.push(`${key}:${encode(record[name], trail)}`);
    trail.names.pop();
  }
  return `{${members.join(',')}}`;
}

function escapePointer(name: string): string {
  return name.replace(/~/g, '~0').replace(/\//g, '~1');
}
