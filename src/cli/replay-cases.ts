/**
 * What `conform replay` re-sends for a recorded case. A report never holds a secret, so an
 * app_secret the run sent is `[REDACTED]` there; boundary and random cases are regenerated
 * from the seed to get it back. A step of a stateful flow is judged against the steps before
 * it, so the flow is regenerated and its earlier steps are sent first.
 */
import { rulesOf } from '../spec/rule-lookup.ts';
import { readFile } from 'node:fs/promises';
import { boundaryCases, buildCases, replayCase } from '../cases/index.ts';
import type { Case } from '../cases/types.ts';
import { ConformError } from '../errors.ts';
import type { FixtureValues } from '../execute/request.ts';
import { REDACTED } from '../redact/index.ts';
import { depthFlows } from '../cases/depth-flows.ts';
import { fixedFlows, type Step } from '../cases/flows.ts';
import type { RunResult } from '../run/types.ts';
import type { Operation } from '../spec/types.ts';

export interface Recording {
  readonly cases: readonly Case[];
  /** the run's seed and case count, when the file says (conformance.json does) */
  readonly seed?: number;
  readonly count?: number;
  /** the operations the run ran (not skipped), in order, when the file says */
  readonly ran?: readonly string[];
}

/** conformance.json (its failures' cases) or a --record NDJSON file (every case). */
export async function readRecording(file: string): Promise<Recording> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConformError('CONFORM_USAGE', `cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
  const fail = () => new ConformError('CONFORM_USAGE', `${file} is neither a conformance.json report nor an NDJSON recording (--record)`);
  let whole: unknown;
  try {
    whole = JSON.parse(text);
  } catch {
    whole = undefined; // several lines: NDJSON
  }
  const doc = whole as Partial<RunResult> & { case?: Case };
  if (doc && Array.isArray(doc.failures)) {
    return {
      cases: doc.failures.map((f) => f.case),
      ...(typeof doc.seed === 'number' ? { seed: doc.seed } : {}),
      ...(typeof doc.settings?.cases === 'number' ? { count: doc.settings.cases } : {}),
      ...(Array.isArray(doc.operations) ? { ran: doc.operations.filter((o) => !o.skipped).map((o) => o.operationId) } : {}),
    };
  }
  let cases: Case[];
  try {
    cases = doc?.case ? [doc.case] : text.split('\n').filter((l) => l.trim()).map((l) => (JSON.parse(l) as { case: Case }).case);
  } catch {
    throw fail();
  }
  if (cases.length === 0 || cases.some((c) => typeof c?.id !== 'string' || typeof c.operationId !== 'string')) throw fail();
  return { cases };
}

const neverEcho = (op: Operation) => rulesOf(op, 'never-echo').flatMap((r) => r.fields);

function jsonBody(c: Case): Record<string, unknown> | undefined {
  const v = c.body.kind === 'json' ? c.body.value : undefined;
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
}

/** The secret fields the report redacted in this case's body. */
function redactedFields(op: Operation, c: Case): string[] {
  const body = jsonBody(c);
  return neverEcho(op).filter((f) => typeof body?.[f] === 'string' && (body[f] as string).includes(REDACTED));
}

/** The same case regenerated from the seed, if it can be: a boundary case by id, a random one by its replay path. */
function regenerate(op: Operation, c: Case, seed: number): Case | undefined {
  let again: Case | undefined;
  if (c.replay && c.expect !== 'either') {
    again = replayCase(op, c.expect, c.replay.seed, c.replay.path ?? c.replay.index);
  } else if (/\.boundary\.\d+$/.test(c.id)) {
    again = boundaryCases(op, { seed }).find((b) => b.id === c.id);
  }
  // The note describes the values ("app_secret of 20 characters: Latin, digits"): a different
  // note is a different case (another seed, a shrunk case, a changed spec).
  return again && again.note === c.note && again.expect === c.expect ? again : undefined;
}

/**
 * The case to send: the recorded one, with redacted secret fields filled back in from the
 * regenerated case. Throws when a redacted value cannot be recovered.
 */
export function restoreCase(op: Operation, c: Case, seed: number, file: string): Case {
  const fields = redactedFields(op, c);
  if (fields.length === 0) return c;
  const again = regenerate(op, c, seed);
  const body = jsonBody(c)!;
  if (!again) {
    throw new ConformError(
      'CONFORM_USAGE',
      `case ${c.id}: its ${fields.join(', ')} ${fields.length > 1 ? 'were' : 'was'} redacted in ${file} and the case cannot be regenerated from seed ${seed}; re-run it with \`conform run --seed ${seed} --operations ${op.id}\``,
    );
  }
  const restored = { ...body };
  for (const f of fields) restored[f] = jsonBody(again)?.[f];
  return { ...c, body: { kind: 'json', value: restored } };
}

/**
 * For a step of a fixed flow (`Op.flow.<flow>.<n>`): the flow's steps up to and including it,
 * regenerated as the run made them. `undefined` for any other case, or when the flow cannot
 * be found again (then the case is sent on its own).
 */
export function flowSteps(
  c: Case,
  operations: readonly Operation[],
  options: { seed: number; count: number; fixtures: FixtureValues },
): readonly Step[] | undefined {
  const m = /^[^.]+\.flow\.(.+)\.\d+$/.exec(c.id);
  if (!m) return undefined;
  const casesByOp = new Map(operations.map((o) => [o.id, buildCases(o, { seed: options.seed, count: options.count })] as const));
  const flows = [...fixedFlows(operations, casesByOp, options.fixtures), ...depthFlows(operations, casesByOp, options.fixtures, options.seed)];
  const flow = flows.find((f) => f.id === m[1]);
  const at = flow?.steps.findIndex((s) => s.case.id === c.id && s.case.note === c.note) ?? -1;
  return at < 0 ? undefined : flow!.steps.slice(0, at + 1);
}

/**
 * For a step of the observation phase (`Observer.observe.<rule id>.<n>`, run/observe.ts): the
 * operation whose rule it observed. Such a step is judged against a call made in the same run
 * (a version, an app it created), so it cannot be re-sent alone.
 */
export function observedBy(c: Case, operations: readonly Operation[]): { op: Operation; rule: string } | undefined {
  const m = /\.observe\.([a-z0-9]+(?:-[a-z0-9]+)*)\.\d+$/.exec(c.id);
  if (!m) return undefined;
  const op = operations.find((o) => o.rules.some((r) => r.id === m[1]));
  return op ? { op, rule: m[1]! } : undefined;
}
