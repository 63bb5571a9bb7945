import fc from 'fast-check';

/**
 * Generators of what a careless or hostile client sends a command endpoint: valid bodies with one
 * thing wrong, bodies that are not objects, JSON that does not parse, and odd headers.
 */

/** `{ a: { a: … } }` `depth` levels down. */
const nested = (depth: number): unknown => {
  let value: unknown = 'bottom';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
};

/** A value of the wrong kind, or of the right kind but out of range, for any field. */
export const badValue: fc.Arbitrary<unknown> = fc.oneof(
  // money and numbers as strings
  fc.constantFrom(
    '-1.00',
    '1.234',
    '0.001',
    'NaN',
    'Infinity',
    '-Infinity',
    '1e309',
    '0x10',
    '12,50',
    '',
    ' ',
    '٣.٠٠',
    '9999999999999999.99',
    '-0',
  ),
  // numbers
  fc.constantFrom(1e308, -1e308, -1, 0, -0, 1.5, 2 ** 53 + 2, Number.MAX_SAFE_INTEGER * 10, 1e-320),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  // dates
  fc.constantFrom(
    '2026-13-45T00:00:00Z',
    '2026-02-30T10:00:00Z',
    '1800-01-01T00:00:00Z',
    '2300-01-01T00:00:00Z',
    '+275760-09-13T00:00:00Z',
    '2026-11-20',
    '2026-11-20T10:00:00',
    'yesterday',
    '0000-00-00T00:00:00Z',
  ),
  // other types
  fc.boolean(),
  fc.constant(null),
  fc.string({ maxLength: 300, unit: 'binary' }),
  fc.string({ maxLength: 300, unit: 'grapheme' }),
  fc.constant('x'.repeat(5000)),
  fc.integer({ min: 1, max: 300 }).map(nested),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 }),
);

/** A whole body that is not a command object at all. */
const badTopLevel: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom({}, [], null, '', 'text', 0, true, [{}]),
  fc.integer({ min: 1, max: 500 }).map(nested),
  fc.jsonValue({ maxDepth: 3 }),
);

type Json = Record<string, unknown>;

/** The paths to every value inside `body` (objects and arrays), outermost first. */
const pathsOf = (value: unknown, prefix: Array<string | number> = []): Array<Array<string | number>> => {
  if (Array.isArray(value)) return value.flatMap((v, i) => [[...prefix, i], ...pathsOf(v, [...prefix, i])]);
  if (typeof value === 'object' && value !== null)
    return Object.entries(value).flatMap(([k, v]) => [[...prefix, k], ...pathsOf(v, [...prefix, k])]);
  return [];
};

/** A deep copy of `body` with the value at `path` replaced (`undefined`: removed). */
const withValueAt = (body: unknown, path: Array<string | number>, value: unknown): unknown => {
  const copy = structuredClone(body) as Json;
  let parent: Json = copy;
  for (const key of path.slice(0, -1)) parent = parent[key as string] as Json;
  const last = path[path.length - 1]!;
  if (value === undefined) {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last as string];
  } else {
    // defineProperty: keys such as `__proto__` become own properties and reach the JSON text.
    Object.defineProperty(parent, last, { value, enumerable: true, writable: true, configurable: true });
  }
  return copy;
};

const extraKey = fc.oneof(
  fc.constantFrom('__proto__', 'constructor', 'prototype', 'discount', 'isAdmin', 'type', ''),
  fc.string({ minLength: 1, maxLength: 20, unit: 'grapheme' }),
);

/** `body` as sent, or with one field wrong, missing or added, or replaced entirely. */
export const hostileBody = (body: fc.Arbitrary<Json>): fc.Arbitrary<unknown> =>
  body.chain((valid) => {
    const paths = pathsOf(valid);
    const objectPaths = [
      [],
      ...paths.filter((p) => {
        let v: unknown = valid;
        for (const k of p) v = (v as Json)[k as string];
        return typeof v === 'object' && v !== null && !Array.isArray(v);
      }),
    ];
    const options: Array<fc.Arbitrary<unknown>> = [
      fc.constant(valid),
      fc.constant(valid),
      fc
        .tuple(fc.constantFrom(...objectPaths), extraKey, badValue)
        .map(([p, k, v]) => withValueAt(valid, [...p, k], v)),
      badTopLevel,
    ];
    if (paths.length > 0) {
      options.push(
        fc.tuple(fc.constantFrom(...paths), badValue).map(([p, v]) => withValueAt(valid, p, v)),
        fc.tuple(fc.constantFrom(...paths), badValue).map(([p, v]) => withValueAt(valid, p, v)),
        fc.constantFrom(...paths).map((p) => withValueAt(valid, p, undefined)),
      );
    }
    return fc.oneof(...options);
  });

/** JSON text that does not parse (or parses to something a JSON parser should refuse). */
export const malformedJson: fc.Arbitrary<string> = fc.oneof(
  fc.string({ maxLength: 200, unit: 'binary' }),
  fc
    .jsonValue()
    .map((v) => JSON.stringify(v))
    .chain((s) => fc.integer({ min: 0, max: Math.max(0, s.length - 1) }).map((cut) => s.slice(0, cut))),
  fc.constantFrom(
    '{"orderId": ',
    '{"a":1,}',
    "{'a': 1}",
    '{"a": NaN}',
    '{"a": Infinity}',
    '{"__proto__": {"isAdmin": true}}',
    '{"constructor": {"prototype": {"x": 1}}}',
    '\u0000',
    '[',
    '{}{}',
    `${'['.repeat(5000)}${']'.repeat(5000)}`,
  ),
);

/** Header values a client might send: printable ASCII, empty, very long, or with odd characters. */
const headerValue = fc.oneof(
  fc.stringMatching(/^[\x21-\x7e]{1,40}$/),
  fc.string({ maxLength: 200, unit: 'binary-ascii' }).filter((s) => !/[\r\n\0]/.test(s)),
  fc.constantFrom('', ' ', 'x'.repeat(129), 'ключ', 'a b'),
);

const defined = (h: Record<string, string | undefined>) =>
  Object.fromEntries(Object.entries(h).filter(([, v]) => v !== undefined)) as Record<string, string>;

/** Optional command headers with random values; `content-type` sometimes not JSON. */
const randomHeaders: fc.Arbitrary<Record<string, string>> = fc
  .record(
    {
      'idempotency-key': headerValue,
      'x-correlation-id': headerValue,
      'x-causation-id': headerValue,
      'x-actor-id': headerValue,
      'x-actor-role': fc.oneof(fc.constantFrom('rep', 'manager', 'admin', 'system', 'root', ''), headerValue),
      'content-type': fc.constantFrom(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/xml',
        'multipart/form-data; boundary=x',
      ),
    },
    { requiredKeys: [] },
  )
  .map(defined);

/** Mostly what a well-behaved client sends (none, or a fresh Idempotency-Key), sometimes anything. */
export const hostileHeaders: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ 'idempotency-key': fc.uuid() }, { requiredKeys: [] }).map(defined) },
  { weight: 2, arbitrary: randomHeaders },
);
