/**
 * What `src/spec/` hands the rest of the engine: typed, dereferenced operations with their
 * documented constraints, statuses, compiled response validators and vendor-extension rules.
 *
 * openapi-types is used at the boundary (the raw document); inside, these small types.
 * Everything here is plain readonly data except the compiled `validate` functions.
 */
import type { OpenAPIV3_1 } from 'openapi-types';

/** A spec's `x-hwc-service`: names the service's endpoint and fixtures in the configuration. */
export type ServiceName = string;
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'DELETE' | 'PATCH';

/**
 * The public page a seed document is a copy of (`x-hwc-documents` at a spec's root): what a
 * citation shows a person, who does not have the seed files.
 */
export interface DocumentPage {
  /** the operation the page documents, e.g. `CreateApp` */
  readonly operation: string;
  /** the page's title as it prints it, e.g. `创建APP` */
  readonly title: string;
  /** where the page is public */
  readonly url: string;
  /** what a reader should know about the link (a revision no longer on the default branch) */
  readonly note?: string;
}

/** Provenance: the seed document and the table a constraint or rule comes from. */
export interface Source {
  /** seed file name, e.g. `001_91e26b5751280585.txt` (the local copy of the page) */
  readonly doc: string;
  /** table label as the document prints it, e.g. `表 2` */
  readonly table: string;
  /** optional quote of the sentence the rule is read from */
  readonly quote?: string;
  /** the public page `doc` is a copy of; filled in for reports (run/citations.ts) */
  readonly page?: DocumentPage;
}

/**
 * A JSON Schema (OpenAPI 3.1 dialect) after `$ref` resolution, with our `x-hwc-*` keywords.
 * See specs/README.md for the vocabulary.
 */
export type JsonSchema = OpenAPIV3_1.SchemaObject & {
  readonly 'x-hwc-source'?: Source;
  readonly 'x-hwc-charset'?: Charset;
  /** "只支持部分region自定义": a service may reject or ignore a custom value of this field. */
  readonly 'x-hwc-region-optional'?: boolean;
};

/**
 * The documented character rules of a string field, in a form generators can enumerate
 * (the `pattern` keyword carries the same rule for validators).
 * Class names: `latin` (A–Z a–z), `digit` (0–9), `han` (see specs/README.md), or one literal character.
 */
export interface Charset {
  /** classes the first character must come from (absent: same as `allowed`) */
  readonly first?: readonly string[];
  /** classes every character must come from (absent: anything not `forbidden`) */
  readonly allowed?: readonly string[];
  /** literal characters that may not appear anywhere */
  readonly forbidden?: readonly string[];
}

/**
 * Named fixture values a path parameter is filled from (`x-hwc-fixture`): `projectId`, or
 * `service.name` for `fixtures.service.name` in the configuration.
 */
export type FixtureKey = string;

export interface ParamSpec {
  readonly name: string;
  readonly in: 'path' | 'header' | 'query';
  readonly required: boolean;
  readonly schema: JsonSchema;
  /** which fixture supplies the value in a run (`x-hwc-fixture`) */
  readonly fixture?: FixtureKey;
  readonly source: Source;
}

/** One ajv error, copied out at once (ajv reuses its error arrays). */
export interface SchemaError {
  readonly instancePath: string;
  readonly schemaPath: string;
  readonly keyword: string;
  readonly message: string;
  readonly params: Readonly<Record<string, unknown>>;
}

export interface ResponseSpec {
  readonly status: number;
  readonly description: string;
  /** documented body schema (application/json), if the document gives one */
  readonly schema?: JsonSchema;
  /** compiled once with ajv + ajv-formats; `[]` when the body is valid */
  readonly validate?: (body: unknown) => readonly SchemaError[];
  readonly source: Source;
}

/**
 * Rules JSON Schema cannot say, from the operation's `x-hwc-rules`. Each names its source.
 * Field references are JSON pointers into the success body (`/app_secret`) or request
 * body property names (for `never-echo`).
 */
export type Rule =
  | { readonly kind: 'mask'; readonly id: string; readonly field: string; readonly mask: string; readonly source: Source }
  | { readonly kind: 'never-echo'; readonly id: string; readonly fields: readonly string[]; readonly source: Source }
  | {
      readonly kind: 'metadata-only';
      readonly id: string;
      /** property names that would carry a secret value (`secret_string`, `secret_binary`, …) */
      readonly forbiddenProperties: readonly string[];
      readonly source: Source;
    }
  | {
      readonly kind: 'only-changes';
      readonly id: string;
      readonly mutable: readonly string[];
      readonly immutable: readonly string[];
      readonly source: Source;
    }
  | { readonly kind: 'new-version'; readonly id: string; readonly field: string; readonly source: Source }
  | {
      readonly kind: 'refuse-secret-type';
      readonly id: string;
      readonly secretType: string;
      readonly fixture: FixtureKey;
      readonly source: Source;
    }
  | {
      readonly kind: 'advances';
      readonly id: string;
      /** the timestamp each call moves forward */
      readonly field: string;
      /** a timestamp of the same answer it is never earlier than (when the resource was made) */
      readonly after?: string;
      readonly source: Source;
    }
  | {
      /**
       * "仅支持修改…" / "重置…的密钥": across a successful call these success-body fields keep
       * their values. Written as `fields` or as `allBut` (every declared property of the success
       * body except these); `fields` is resolved either way.
       */
      readonly kind: 'unchanged';
      readonly id: string;
      readonly fields: readonly string[];
      readonly allBut?: readonly string[];
      readonly source: Source;
    }
  | {
      /** request body properties a success answer returns under the same name, exactly as sent */
      readonly kind: 'reflects';
      readonly id: string;
      readonly fields: readonly string[];
      readonly source: Source;
    }
  | {
      readonly kind: 'identifies';
      readonly id: string;
      /** the path parameter naming the resource */
      readonly param: string;
      /** where the success body names it (JSON pointer) */
      readonly field: string;
      readonly source: Source;
    }
  | {
      readonly kind: 'moves-label';
      readonly id: string;
      /** the label the call must move onto the version it creates (SYSCURRENT) */
      readonly label: string;
      /** where the call's success body names the version it created */
      readonly version: string;
      /** an operation naming the version that carries the label now */
      readonly current: Observer & { readonly field: string };
      /** an operation listing the versions with their labels: items, each item's key and labels */
      readonly listing: Observer & { readonly items: string; readonly key: string; readonly labels: string };
      readonly source: Source;
    }
  | {
      readonly kind: 'reads-back';
      readonly id: string;
      readonly observer: string;
      readonly bind: Readonly<Record<string, Binding>>;
      /** when the observer lists resources: the list, and the key naming the one the call answered */
      readonly items?: string;
      readonly key?: string;
      /** success-body fields (JSON pointers) the observer must show as the call answered them */
      readonly fields: readonly string[];
      /** timestamp fields compared as instants, to the second (a listing may drop fractions) */
      readonly times: readonly string[];
      readonly source: Source;
    };

/**
 * How an observing call fills a path parameter: a literal, the observed call's path parameter
 * of that name, or a value the observed call answered. Parameters not bound take the observed
 * call's parameter of the same name, else their fixture.
 */
export type Binding = { readonly value: string } | { readonly param: string } | { readonly field: string };

/**
 * What an operation's success creates (`x-hwc-creates`): how to name it, how to delete it, and
 * which fixtures one it creates may stand in for on a run that may create (a throwaway).
 */
export interface Creates {
  /** where the success body names the created resource (JSON pointer): a throwaway's fixture value */
  readonly id: string;
  /** the operation deleting it, its path filled like an observer's (bindings, then the call's parameters, then fixtures) */
  readonly delete: Observer;
  /** fixtures a resource it creates may stand in for, each with body values the throwaway must send */
  readonly throwaway: readonly { readonly fixture: FixtureKey; readonly body: Readonly<Record<string, unknown>> }[];
  readonly source: Source;
}

/** A supporting operation that observes what another stored (`x-hwc-role: support`). */
export interface Observer {
  readonly observer: string;
  readonly bind: Readonly<Record<string, Binding>>;
}

export type RuleKind = Rule['kind'];

export interface Operation {
  /** operationId: CreateApp, ResetAppSecret, UpdateCertificate, RotateSecret, ShowSecret */
  readonly id: string;
  readonly service: ServiceName;
  readonly method: HttpMethod;
  /** path template, e.g. `/v1/{project_id}/secrets/{secret_name}` */
  readonly path: string;
  readonly summary: string;
  readonly params: readonly ParamSpec[];
  readonly requestBody?: { readonly required: boolean; readonly schema: JsonSchema; readonly source: Source };
  readonly responses: readonly ResponseSpec[];
  /** the one documented 2xx */
  readonly successStatus: number;
  /** statuses a missing or wrong credential may get (`x-hwc-auth-failure`) */
  readonly authFailureStatuses: readonly number[];
  /** documented statuses an unknown resource may get (`x-hwc-not-found`) */
  readonly notFoundStatuses: readonly number[];
  /** changes server state (`x-hwc-mutating`): skipped on live targets without --allow-mutations */
  readonly mutating: boolean;
  /**
   * `support` (`x-hwc-role`): an operation around the main ones, run only when selected by name
   * or to observe another operation's rules; a target may leave it unimplemented.
   */
  readonly role?: 'support';
  /** what its success creates, and how the run deletes it (`x-hwc-creates`) */
  readonly creates?: Creates;
  readonly rules: readonly Rule[];
  readonly source: Source;
  /** the raw, dereferenced operation object, for reference */
  readonly raw: OpenAPIV3_1.OperationObject;
}

export interface Spec {
  /** path of the YAML file it was loaded from */
  readonly file: string;
  readonly service: ServiceName;
  /** `x-hwc-endpoint`: the service's base URL with a `{region}` placeholder, if the spec gives one */
  readonly endpoint?: string;
  readonly title: string;
  readonly operations: readonly Operation[];
  /** `x-hwc-documents`: the public page of each seed document the spec cites */
  readonly documents: Readonly<Record<string, DocumentPage>>;
  readonly document: OpenAPIV3_1.Document;
}
