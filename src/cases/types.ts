/**
 * A request case: what to send for one operation, and what the documents say should happen.
 * Cases are plain, JSON-serialisable data: the report stores them and `conform replay` re-sends them.
 */
import type { Source } from '../spec/types.ts';

/** What the documents say the service must do with this case. */
export type Expectation =
  /** valid under every documented constraint (and every reading in specs/NOTES.md): accept */
  | 'accept'
  /** breaks a documented constraint: reject with a documented 4xx */
  | 'reject'
  /** the documents do not decide (an unknown field, say): any documented non-5xx status */
  | 'either';

/** The kind of documented constraint a negative case breaks. */
export type ConstraintKind =
  | 'required'
  | 'type'
  | 'null'
  | 'minLength'
  | 'maxLength'
  | 'first-char'
  | 'charset'
  | 'forbidden-char'
  /** not a text of the documented encoding (`contentEncoding: base64`) */
  | 'contentEncoding'
  | 'enum'
  | 'minimum'
  | 'maximum'
  | 'exclusiveMinimum'
  | 'exclusiveMaximum'
  | 'multipleOf'
  | 'minItems'
  | 'maxItems'
  | 'uniqueItems'
  /** a value none of the `oneOf` / `anyOf` alternatives accepts */
  | 'oneOf'
  | 'anyOf'
  /** "exactly one of a, b": both or neither given */
  | 'exactly-one'
  /** "at least one of a, b": none given */
  | 'at-least-one'
  | 'body-required'
  | 'malformed-json'
  | 'unknown-field'
  /** a path parameter names a resource that does not exist (`x-hwc-not-found`) */
  | 'unknown-resource';

/** The one documented constraint a negative case breaks. */
export interface Violation {
  readonly constraint: ConstraintKind;
  /** request body property, e.g. `name`, or the path to a nested one (`config.label`, `tags[]`); absent for whole-body constraints */
  readonly field?: string;
  /** path parameter, for `unknown-resource` (e.g. `certificate_id`) */
  readonly param?: string;
  /** the documented rule, e.g. `name: 3–64 characters` */
  readonly rule: string;
  /** what this case did, e.g. `sent a 65-character name` */
  readonly detail: string;
  readonly source: Source;
}

export type CaseBody =
  | { readonly kind: 'json'; readonly value: unknown }
  /** exact bytes as text: malformed JSON, an empty body */
  | { readonly kind: 'raw'; readonly text: string; readonly contentType?: string }
  | { readonly kind: 'none' };

export interface Case {
  /** stable within a run: `${operationId}.${origin}.${n}` */
  readonly id: string;
  readonly operationId: string;
  readonly expect: Expectation;
  /** deterministic boundary coverage, or the seeded random phase */
  readonly origin: 'boundary' | 'random';
  readonly body: CaseBody;
  /**
   * Path parameters that override the fixture values (e.g. an unknown resource id).
   * Parameters not listed here come from the run's fixtures.
   */
  readonly pathOverrides?: Readonly<Record<string, string>>;
  /** set on `reject` cases (and on `either` cases to say what they probe) */
  readonly violation?: Violation;
  /**
   * Request fields this case sets that the documents let a service reject or ignore
   * ("只支持部分region自定义", `x-hwc-region-optional`).
   */
  readonly regionOptional?: readonly string[];
  /**
   * Credentials to send: the configured ones (absent), none at all, or a wrong token.
   * Auth cases are judged by the auth-required check only.
   */
  readonly auth?: 'none' | 'wrong';
  /** human summary for reports: `name of 64 characters, Chinese and Latin` */
  readonly note: string;
  /** replay data for random cases: fast-check seed and path of the run that generated it */
  readonly replay?: { readonly seed: number; readonly path?: string; readonly index: number };
}
