import type { Exchange } from '../execute/types.ts';
import { rulesOf } from '../spec/rule-lookup.ts';
import type { Operation, Rule } from '../spec/types.ts';
import type { Check, CheckContext, Failure } from './types.ts';
import { failure } from './failure.ts';
import { decodedContainers, maskNeighbours, partialMask } from './nested-secrets.ts';
import { MIN_SECRET_LENGTH, secretEncodings } from './secret-encodings.ts';

type NeverEcho = Extract<Rule, { kind: 'never-echo' }>;

/**
 * No known secret — a value sent in a never-echo field (app_secret), a fixture secret value,
 * the token or AK/SK, the X-Auth-Token the request carried (the auth cases' wrong one too) —
 * appears anywhere in a response body or header, in any encoding, inside a base64 container, or
 * partly shown beside a mask, on positive and negative cases alike.
 */
export const secretLeak: Check = {
  name: 'secret-leak',
  title: 'No secret value comes back in any response',
  severity: 'error',
  authRefusals: 'failures-only',
  readsAnyText: true,
  applies: () => true,
  run(context, exchange) {
    const body = exchange.case.body.kind === 'json' ? exchange.case.body.value : undefined;
    const fields = body !== null && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : EMPTY;
    const { rules, secretFields } = secretRules(context.operation);
    const haystack = new Haystack(exchange.response);
    const url = exchange.request.url;
    let out: Failure[] | undefined;
    // No closures here: tsx names every function it creates, a cost on each exchange.
    for (const rule of rules) {
      for (const f of rule.fields) {
        const v = fields[f];
        if (typeof v !== 'string' || v.length < MIN_SECRET_LENGTH || sentElsewhere(v, url, fields, secretFields)) continue;
        const form = haystack.find(secretEncodings(v));
        if (form !== undefined) (out ??= []).push(leak(context, exchange, v, `${f} sent in the request`, form, rule));
      }
    }
    const known = knownCandidates(context.knownSecrets);
    for (const k of known) {
      if (sentElsewhere(k.value, url, fields, secretFields)) continue;
      const form = haystack.find(k.forms);
      if (form !== undefined) (out ??= []).push(leak(context, exchange, k.value, k.origin, form));
    }
    // every credential the request carried, the deliberately wrong tokens of the auth cases too
    const token = exchange.request.headers['x-auth-token'];
    const sentToken =
      token !== undefined && token.length >= MIN_SECRET_LENGTH && !known.some((k) => k.value === token)
        ? { value: token, origin: 'X-Auth-Token sent', forms: secretEncodings(token) }
        : undefined;
    if (sentToken) {
      const form = haystack.find(sentToken.forms);
      if (form !== undefined) (out ??= []).push(leak(context, exchange, sentToken.value, sentToken.origin, form));
    }
    // secrets earlier requests of the run set (the current request's own are searched above)
    for (const v of context.probes.sentSecrets ?? NO_SECRETS) {
      if (v.length < MIN_SECRET_LENGTH || sentElsewhere(v, url, fields, secretFields) || ownSecret(v, fields, secretFields)) continue;
      const form = haystack.find(earlierForms(v));
      // the window of ordinary values is scanned only for a hit: scanning it first for every
      // earlier secret cost about 75 µs per exchange (src/bench profile)
      if (form === undefined || context.probes.sentValues?.some((s) => s.includes(v))) continue;
      (out ??= []).push(leak(context, exchange, v, 'app secret an earlier request of the run set', form));
    }
    if (out) return out;
    // Deeper hiding places, searched only when the plain search found nothing.
    for (const rule of rules) {
      for (const f of rule.fields) {
        const v = fields[f];
        if (typeof v !== 'string' || v.length < MIN_SECRET_LENGTH || sentElsewhere(v, url, fields, secretFields)) continue;
        const where = haystack.hidden(v, secretEncodings(v));
        if (where !== undefined) (out ??= []).push(leak(context, exchange, v, `${f} sent in the request`, where, rule));
      }
    }
    for (const k of sentToken ? [...known, sentToken] : known) {
      if (sentElsewhere(k.value, url, fields, secretFields)) continue;
      const where = haystack.hidden(k.value, k.forms);
      if (where !== undefined) (out ??= []).push(leak(context, exchange, k.value, k.origin, where));
    }
    return out ?? NONE;
  },
};

const EMPTY: Record<string, unknown> = Object.freeze({});
const NO_SECRETS: readonly string[] = Object.freeze([]);

/** An earlier request's secret, as sent or JSON-escaped: the forms a service echoing it would write. */
const earlier = new Map<string, readonly string[]>();
function earlierForms(v: string): readonly string[] {
  let hit = earlier.get(v);
  if (!hit) {
    if (earlier.size >= 1024) earlier.clear();
    const escaped = JSON.stringify(v).slice(1, -1);
    earlier.set(v, (hit = escaped === v ? [v] : [v, escaped]));
  }
  return hit;
}

function ownSecret(v: string, fields: Record<string, unknown>, secretFields: ReadonlySet<string>): boolean {
  for (const f of secretFields) if (fields[f] === v) return true;
  return false;
}
const NONE: readonly Failure[] = Object.freeze([]);

/** A value we also sent in an ordinary field (or in the URL) may legitimately come back there. */
function sentElsewhere(value: string, url: string, fields: Record<string, unknown>, secretFields: ReadonlySet<string>): boolean {
  if (url.includes(value)) return true;
  for (const k in fields) {
    const v = fields[k];
    if (typeof v === 'string' && !secretFields.has(k) && v.includes(value)) return true;
  }
  return false;
}

function leak(context: CheckContext, exchange: Exchange, value: string, origin: string, form: string, rule?: NeverEcho): Failure {
  const encoding = form === value ? 'as sent' : HIDDEN.has(form) ? form : 'encoded';
  return failure('secret-leak', context, exchange, {
    message: `the ${origin} came back ${encoding} in the HTTP ${exchange.response.status} response`,
    rule: rule ? `${rule.fields.join(', ')} sent in a request never comes back in a response` : 'secret values never appear in responses',
    source: rule?.source ?? context.operation.source,
    received: `the ${origin} (${value.length} characters) ${encoding} in the response`,
    documented: rule ? 'masked as ****** or absent' : 'absent',
  });
}

/**
 * The body and every header value, searched as one string: a form without the separator can
 * only occur inside one of them, so one search replaces one per header. Built on first use.
 */
class Haystack {
  private parts: string[] | undefined;
  private joined = '';
  constructor(private readonly response: Exchange['response']) {}
  private containers: string[] | undefined;
  private masks: ReturnType<typeof maskNeighbours> | undefined;
  private decoded: string | undefined;
  private scanned: string | undefined;
  private load(): void {
    if (this.parts) return;
    this.parts = [this.response.text];
    for (const k in this.response.headers) this.parts.push(this.response.headers[k]!);
    this.joined = this.parts.join(SEPARATOR);
  }
  find(forms: readonly string[]): string | undefined {
    this.load();
    for (const f of forms) {
      if (f.includes(SEPARATOR) ? anyIncludes(this.parts!, f) : this.joined.includes(f)) return f;
    }
    return undefined;
  }
  /** The secret inside a decoded base64 container, or partly shown next to a mask: how, or undefined. */
  hidden(value: string, forms: readonly string[]): string | undefined {
    this.load();
    // the JSON body's strings as decoded: a value written with any escapes (\u0041, \/) reads plainly
    this.decoded ??= stringsOf(this.response.json).join(SEPARATOR);
    if (this.decoded.includes(value)) return ESCAPED;
    // Without a backslash in the body its strings read as written, each between quotes: the
    // decoded copy holds no container or mask the body does not, and searching it too doubled
    // the cost of this search.
    this.scanned ??= this.response.text.includes('\\') ? `${this.joined}${SEPARATOR}${this.decoded}` : this.joined;
    this.containers ??= decodedContainers(this.scanned);
    for (const c of this.containers) for (const f of forms) if (c.includes(f)) return NESTED;
    this.masks ??= maskNeighbours(this.scanned);
    if (partialMask(this.masks, value) !== undefined) return PARTIAL;
    return undefined;
  }
}

const ESCAPED = 'written with JSON escapes';
const NESTED = 'inside a base64-encoded container';
const PARTIAL = 'partly shown beside a mask';
const HIDDEN: ReadonlySet<string> = new Set([ESCAPED, NESTED, PARTIAL]);

/** Every string in a JSON value (property values and array items), as JSON.parse decoded them. */
function stringsOf(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) stringsOf(x, out);
  else if (v !== null && typeof v === 'object') for (const k in v as Record<string, unknown>) stringsOf((v as Record<string, unknown>)[k], out);
  return out;
}

const SEPARATOR = '\u0000';

function anyIncludes(parts: readonly string[], f: string): boolean {
  for (const p of parts) if (p.includes(f)) return true;
  return false;
}

/** What the check needs of an operation, read once per operation rather than per exchange. */
interface SecretRules {
  readonly rules: readonly NeverEcho[];
  readonly secretFields: ReadonlySet<string>;
}
const rulesCache = new WeakMap<Operation, SecretRules>();
function secretRules(op: Operation): SecretRules {
  let hit = rulesCache.get(op);
  if (!hit) {
    const rules = rulesOf(op, 'never-echo');
    hit = { rules, secretFields: new Set(rules.flatMap((r) => r.fields)) };
    rulesCache.set(op, hit);
  }
  return hit;
}

interface Known {
  readonly value: string;
  readonly origin: string;
  readonly forms: readonly string[];
}

/** The known secrets with their forms, built once per list (the run's list is the same on every exchange). */
const knownCache = new WeakMap<readonly string[], readonly Known[]>();
function knownCandidates(known: readonly string[]): readonly Known[] {
  let hit = knownCache.get(known);
  if (!hit) {
    // the same value listed twice (the token is also a fixture secret) is searched for once
    hit = known.flatMap((value, i) =>
      value.length >= MIN_SECRET_LENGTH && known.indexOf(value) === i ? [{ value, origin: `known secret #${i + 1}`, forms: secretEncodings(value) }] : [],
    );
    knownCache.set(known, hit);
  }
  return hit;
}
