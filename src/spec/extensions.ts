/**
 * The `x-hwc-*` vocabulary (specs/README.md): one JSON Schema per extension, and where in an
 * OpenAPI document each may stand. Shapes are checked here, on the file as written; which
 * extensions an operation *must* carry, and whether they point at real fields, is checked on the
 * dereferenced operation (operations.ts).
 */
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import { childPointer } from '../json-pointer.ts';
import type { SpecSource } from './load.ts';
import { describeError, pickError } from './schema-errors.ts';
import { specError } from './spec-error.ts';
import type { RuleKind } from './types.ts';

/**
 * A fixture names a configured value: `projectId`, or `service.name` for `fixtures.service.name`
 * in conform.yaml. The specs decide which exist; a run asks only for those of its operations.
 */
const FIXTURE_KEY_PATTERN = '^(projectId|[a-z][a-z0-9-]*\\.[A-Za-z][A-Za-z0-9_]*)$';

/** A service name: the key of its endpoint in conform.yaml `target:` and of its fixtures. */
const SERVICE_PATTERN = '^[a-z][a-z0-9-]*$';

export const RULE_KINDS: readonly RuleKind[] = Object.freeze([
  'mask',
  'never-echo',
  'metadata-only',
  'only-changes',
  'new-version',
  'refuse-secret-type',
  'advances',
  'identifies',
  'unchanged',
  'reflects',
  'moves-label',
  'reads-back',
] as const);

/** `x-hwc-role`: a supporting operation runs only when selected, or to observe another's rules. */
export const OPERATION_ROLES = Object.freeze(['support'] as const);

/** Character classes of `x-hwc-charset` besides single literal characters. */
export const CHARSET_CLASSES = Object.freeze(['latin', 'digit', 'han'] as const);

const names = () => ({ type: 'array', minItems: 1, uniqueItems: true, items: { type: 'string', minLength: 1 } });
const singleChar = { type: 'string', minLength: 1, maxLength: 1 };

const DEFS = {
  $id: 'urn:hwc-conformance:extensions',
  $defs: {
    source: {
      type: 'object',
      required: ['doc', 'table'],
      additionalProperties: false,
      properties: {
        // the source document's file name: a seed page here (001_91e26b5751280585.txt, checked
        // against ../shared/seeds/ by provenance.test.ts), the user's own document in their specs
        doc: { type: 'string', pattern: '^[^/\\\\\\s]+$' },
        table: { type: 'string', minLength: 1 },
        quote: { type: 'string', minLength: 1 },
      },
    },
    service: { type: 'string', pattern: SERVICE_PATTERN },
    // https URL with a {region} placeholder: where the service lives in each region
    endpoint: { type: 'string', pattern: '^https?://[^\\s{}]*\\{region\\}[^\\s{}]*$' },
    fixture: { type: 'string', pattern: FIXTURE_KEY_PATTERN },
    documents: {
      type: 'object',
      minProperties: 1,
      propertyNames: { pattern: '^[^/\\\\\\s]+$' },
      additionalProperties: {
        type: 'object',
        required: ['operation', 'title', 'url'],
        additionalProperties: false,
        properties: {
          operation: { type: 'string', minLength: 1 },
          title: { type: 'string', minLength: 1 },
          url: { type: 'string', pattern: '^https://[^\\s]+$' },
          note: { type: 'string', minLength: 1 },
        },
      },
    },
    statuses: {
      type: 'array',
      uniqueItems: true,
      items: { type: 'integer', minimum: 400, maximum: 599 },
    },
    mutating: { type: 'boolean' },
    regionOptional: { type: 'boolean' },
    charClass: { anyOf: [{ enum: CHARSET_CLASSES }, singleChar] },
    charset: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: {
        first: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/charClass' } },
        allowed: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/charClass' } },
        forbidden: { type: 'array', minItems: 1, uniqueItems: true, items: singleChar },
      },
    },
    jsonPointer: { type: 'string', pattern: '^(/([^~/]|~[01])*)+$' },
    rule: {
      type: 'object',
      required: ['id', 'kind', 'x-hwc-source'],
      properties: {
        id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$' },
        kind: { enum: RULE_KINDS },
        'x-hwc-source': { $ref: '#/$defs/source' },
      },
      allOf: [
        ruleKind('mask', { field: { $ref: '#/$defs/jsonPointer' }, mask: { type: 'string', minLength: 1 } }),
        ruleKind('never-echo', { fields: names() }),
        ruleKind('metadata-only', { forbiddenProperties: names() }),
        ruleKind('only-changes', {
          mutable: names(),
          immutable: { type: 'array', uniqueItems: true, items: { type: 'string', minLength: 1 } },
        }),
        ruleKind('new-version', { field: { $ref: '#/$defs/jsonPointer' } }),
        ruleKind('refuse-secret-type', { secretType: { type: 'string', minLength: 1 }, fixture: { $ref: '#/$defs/fixture' } }),
        ruleKindWith('advances', ['field'], { field: { $ref: '#/$defs/jsonPointer' }, after: { $ref: '#/$defs/jsonPointer' } }),
        ruleKind('identifies', { param: { type: 'string', minLength: 1 }, field: { $ref: '#/$defs/jsonPointer' } }),
        // exactly one of a list of fields or "all but" a list
        {
          if: { required: ['kind'], properties: { kind: { const: 'unchanged' } } },
          then: {
            properties: { fields: names(), allBut: names() },
            oneOf: [
              { required: ['fields'], properties: { fields: true } },
              { required: ['allBut'], properties: { allBut: true } },
            ],
          },
        },
        ruleKind('reflects', { fields: names() }),
        ruleKind('moves-label', {
          label: { type: 'string', minLength: 1 },
          version: { $ref: '#/$defs/jsonPointer' },
          current: {
            type: 'object',
            required: ['observer', 'field'],
            additionalProperties: false,
            properties: { observer: { $ref: '#/$defs/operationId' }, bind: { $ref: '#/$defs/bind' }, field: { $ref: '#/$defs/jsonPointer' } },
          },
          listing: {
            type: 'object',
            required: ['observer', 'items', 'key', 'labels'],
            additionalProperties: false,
            properties: {
              observer: { $ref: '#/$defs/operationId' },
              bind: { $ref: '#/$defs/bind' },
              items: { $ref: '#/$defs/jsonPointer' },
              key: { $ref: '#/$defs/jsonPointer' },
              labels: { $ref: '#/$defs/jsonPointer' },
            },
          },
        }),
        ruleKindWith('reads-back', ['observer', 'fields'], {
          observer: { $ref: '#/$defs/operationId' },
          bind: { $ref: '#/$defs/bind' },
          items: { $ref: '#/$defs/jsonPointer' },
          key: { $ref: '#/$defs/jsonPointer' },
          fields: { $ref: '#/$defs/pointers' },
          times: { $ref: '#/$defs/pointers' },
        }),
      ],
      unevaluatedProperties: false,
    },
    rules: { type: 'array', items: { $ref: '#/$defs/rule' } },
    // what a success creates: its id in the answer, the operation deleting it, the fixtures a
    // throwaway one may stand in for (with body values it must send, a COMMON secret say)
    creates: {
      type: 'object',
      required: ['id', 'delete', 'x-hwc-source'],
      additionalProperties: false,
      properties: {
        id: { $ref: '#/$defs/jsonPointer' },
        delete: {
          type: 'object',
          required: ['operation'],
          additionalProperties: false,
          properties: { operation: { $ref: '#/$defs/operationId' }, bind: { $ref: '#/$defs/bind' } },
        },
        throwaway: {
          type: 'array',
          minItems: 1,
          items: {
            type: 'object',
            required: ['fixture'],
            additionalProperties: false,
            properties: { fixture: { $ref: '#/$defs/fixture' }, body: { type: 'object', minProperties: 1 } },
          },
        },
        'x-hwc-source': { $ref: '#/$defs/source' },
      },
    },
    role: { enum: OPERATION_ROLES },
    // how an observing call fills a path parameter: a literal, a path parameter of the observed
    // call, or a value its success body answered (a JSON pointer)
    binding: {
      type: 'object',
      minProperties: 1,
      maxProperties: 1,
      additionalProperties: false,
      properties: {
        value: { type: 'string', minLength: 1 },
        param: { type: 'string', minLength: 1 },
        field: { $ref: '#/$defs/jsonPointer' },
      },
    },
    bind: { type: 'object', additionalProperties: { $ref: '#/$defs/binding' } },
    operationId: { type: 'string', minLength: 1 },
    pointers: { type: 'array', minItems: 1, uniqueItems: true, items: { $ref: '#/$defs/jsonPointer' } },
  },
} as const;

function ruleKind(kind: RuleKind, properties: Record<string, unknown>) {
  return ruleKindWith(kind, Object.keys(properties), properties);
}

function ruleKindWith(kind: RuleKind, required: readonly string[], properties: Record<string, unknown>) {
  return {
    if: { required: ['kind'], properties: { kind: { const: kind } } },
    then: { required, properties },
  };
}

type Place = 'root' | 'operation' | 'parameter' | 'securityScheme' | 'other';

interface Extension {
  readonly def: keyof (typeof DEFS)['$defs'];
  readonly places: readonly Place[];
}

/** Every extension, the definition its value must match, and the places it may stand. */
export const EXTENSIONS: Readonly<Record<string, Extension>> = Object.freeze({
  'x-hwc-service': { def: 'service', places: ['root'] },
  'x-hwc-endpoint': { def: 'endpoint', places: ['root'] },
  'x-hwc-documents': { def: 'documents', places: ['root'] },
  'x-hwc-source': { def: 'source', places: ['operation', 'parameter', 'securityScheme', 'other'] },
  'x-hwc-mutating': { def: 'mutating', places: ['operation'] },
  'x-hwc-auth-failure': { def: 'statuses', places: ['operation'] },
  'x-hwc-not-found': { def: 'statuses', places: ['operation'] },
  'x-hwc-rules': { def: 'rules', places: ['operation'] },
  'x-hwc-role': { def: 'role', places: ['operation'] },
  'x-hwc-creates': { def: 'creates', places: ['operation'] },
  'x-hwc-fixture': { def: 'fixture', places: ['parameter'] },
  'x-hwc-charset': { def: 'charset', places: ['other'] },
  'x-hwc-region-optional': { def: 'regionOptional', places: ['other'] },
});

const PLACE_NAMES: Readonly<Record<Place, string>> = {
  root: 'the document root',
  operation: 'operations',
  parameter: 'parameters',
  securityScheme: 'security schemes',
  other: 'schemas, request bodies and responses',
};

const HTTP_METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace']);

// Values that are data, not OpenAPI structure: an `x-hwc-` key inside them is not ours to judge.
const DATA_KEYWORDS = new Set(['example', 'examples', 'default', 'const', 'enum']);
// ...unless they are names in a map (a property called `default`, say)
const NAME_MAPS = new Set([
  'properties',
  'patternProperties',
  '$defs',
  'dependentSchemas',
  'schemas',
  'parameters',
  'responses',
  'requestBodies',
  'headers',
  'securitySchemes',
]);

const ajv = new Ajv2020({ allErrors: true, strict: true });
ajv.addSchema(DEFS);
const validators = new Map<string, ValidateFunction>();
function validatorFor(def: string): ValidateFunction {
  let v = validators.get(def);
  if (!v) {
    v = ajv.getSchema(`${DEFS.$id}#/$defs/${def}`)!;
    validators.set(def, v);
  }
  return v;
}

/** Validates a value against one extension's schema; `undefined` when it conforms. */
function checkExtensionValue(name: string, value: unknown): { pointer: string; message: string } | undefined {
  const ext = EXTENSIONS[name];
  if (!ext) return { pointer: '', message: `unknown extension ${name}` };
  const validate = validatorFor(ext.def);
  if (validate(value)) return undefined;
  const best = pickError(validate.errors ?? []);
  // the anyOf of a character class reports its enum branch; say what the anyOf means
  const message = best.schemaPath.includes('/charClass/')
    ? `must be ${CHARSET_CLASSES.join(', ')} or one literal character`
    : ext.def === 'fixture' && best.keyword === 'pattern'
      ? 'must be projectId or service.name (fixtures.service.name in conform.yaml)'
      : ext.def === 'service' && best.keyword === 'pattern'
        ? 'must be a lower-case name (letters, digits, -)'
        : ext.def === 'endpoint' && best.keyword === 'pattern'
          ? 'must be an http(s) URL with a {region} placeholder'
          : describeError(best);
  return { pointer: best.instancePath, message };
}

function placeOf(segments: readonly string[]): Place {
  const n = segments.length;
  if (n === 0) return 'root';
  if (n === 3 && segments[0] === 'paths' && HTTP_METHODS.has(segments[2]!)) return 'operation';
  if (segments[0] === 'paths' && segments[n - 2] === 'parameters' && (n === 4 || (n === 5 && HTTP_METHODS.has(segments[2]!)))) {
    return 'parameter';
  }
  if (n === 3 && segments[0] === 'components' && segments[1] === 'parameters') return 'parameter';
  if (n === 3 && segments[0] === 'components' && segments[1] === 'securitySchemes') return 'securityScheme';
  return 'other';
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** Throws one CONFORM_SPEC_EXTENSION error for the first misplaced, unknown or malformed `x-hwc-*`. */
export function validateExtensions(source: SpecSource): void {
  const fail = (pointer: string, message: string): never => {
    throw specError('CONFORM_SPEC_EXTENSION', source.file, pointer, message, { line: source.lineOf(pointer) });
  };
  const known = Object.keys(EXTENSIONS).join(', ');
  // every x-hwc-source, to check below that its document has a public page
  const cited: Array<{ doc: string; at: string }> = [];

  const visit = (node: unknown, segments: string[], pointer: string): void => {
    if (!isObject(node)) return;
    if (Array.isArray(node)) {
      node.forEach((item, i) => visit(item, [...segments, String(i)], childPointer(pointer, i)));
      return;
    }
    const place = placeOf(segments);
    for (const [key, value] of Object.entries(node)) {
      const at = childPointer(pointer, key);
      if (key.toLowerCase().startsWith('x-hwc')) {
        const ext = EXTENSIONS[key];
        if (!ext) fail(at, `unknown extension ${key}; known: ${known}`);
        if (!ext.places.includes(place)) {
          fail(at, `${key} is not allowed here; it belongs on ${ext.places.map((p) => PLACE_NAMES[p]).join(', ')}`);
        }
        const problem = checkExtensionValue(key, value);
        if (problem) fail(at + problem.pointer, `${key}: ${problem.message}`);
        if (key === 'x-hwc-source') cited.push({ doc: (value as { doc: string }).doc, at: childPointer(at, 'doc') });
        const types = node.type === undefined ? ['string'] : ([] as unknown[]).concat(node.type);
        if (key === 'x-hwc-charset' && !types.includes('string')) {
          fail(at, 'x-hwc-charset belongs on a schema of type string');
        }
        continue;
      }
      if (DATA_KEYWORDS.has(key) && !NAME_MAPS.has(segments[segments.length - 1] ?? '')) continue;
      visit(value, [...segments, key], at);
    }
  };
  visit(source.data, [], '');

  if (isObject(source.data) && source.data['x-hwc-service'] === undefined) {
    fail('/x-hwc-service', 'missing x-hwc-service at the document root (the service name, e.g. csms)');
  }

  // rule ids name a rule in reports and baselines: unique within the file
  const seen = new Map<string, string>();
  const paths = isObject(source.data) && isObject(source.data.paths) ? source.data.paths : {};
  for (const [p, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const [method, op] of Object.entries(item)) {
      if (!HTTP_METHODS.has(method) || !isObject(op)) continue;
      const creates = op['x-hwc-creates'];
      if (isObject(creates) && isObject(creates['x-hwc-source'])) {
        cited.push({ doc: String(creates['x-hwc-source'].doc), at: childPointer('', 'paths', p, method, 'x-hwc-creates', 'x-hwc-source', 'doc') });
      }
      if (!Array.isArray(op['x-hwc-rules'])) continue;
      op['x-hwc-rules'].forEach((rule: { id: string; 'x-hwc-source': { doc: string } }, i: number) => {
        cited.push({ doc: rule['x-hwc-source'].doc, at: childPointer('', 'paths', p, method, 'x-hwc-rules', i, 'x-hwc-source', 'doc') });
        const at = childPointer('', 'paths', p, method, 'x-hwc-rules', i, 'id');
        const before = seen.get(rule.id);
        if (before) fail(at, `duplicate rule id ${rule.id} (first at ${before})`);
        seen.set(rule.id, at);
      });
    }
  }

  // A spec that names public pages names one for every document it cites: reports link each rule to its page.
  const pages = isObject(source.data) && isObject(source.data['x-hwc-documents']) ? source.data['x-hwc-documents'] : undefined;
  const unlisted = pages && cited.find((c) => !Object.hasOwn(pages, c.doc));
  if (unlisted) fail(unlisted.at, `${unlisted.doc} has no entry in x-hwc-documents (its operation, title and public URL)`);
}
