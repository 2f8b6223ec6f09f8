/**
 * Before the run: the throwaway resources (throwaways.ts) are created, one at a time, and their
 * ids fill the fixtures they stand in for. An operation whose path needs one the target would not
 * create does not run, with the one-line reason; the others run as usual.
 */
import { randomBytes } from 'node:crypto';
import type { Config } from '../../config/types.ts';
import { createSender } from '../../execute/send.ts';
import { requestSecrets } from '../run-secrets.ts';
import { selectOperations } from '../../spec/catalog.ts';
import { fixtureValues, type EngineInput, type RunEvent } from '../context.ts';
import { answeredText, type CreatedResources } from '../resources.ts';
import { throwawayCase, throwawaysNeeded, type Throwaway } from '../throwaways.ts';
import type { Operation } from '../../spec/types.ts';

export interface Setup {
  /** the configuration with every throwaway's id in its fixture, and its secrets among the known ones */
  readonly config: Config;
  /** operations that cannot run, with why: a throwaway their path needs was not created */
  readonly blocked: ReadonlyMap<string, string>;
  /** requests sent to create the throwaways, and re-sends among them after throttling */
  readonly requests: number;
  readonly retries: number;
  /** the setup itself broke (the tool): what needed a throwaway is blocked, the rest runs */
  readonly broke?: unknown;
}

export async function setupPhase(input: EngineInput, resources: CreatedResources, emit: (e: RunEvent) => void): Promise<Setup> {
  const all = input.specs.flatMap((s) => s.operations);
  const runnable = selectOperations(all, input.config.operations).filter((o) => !input.skip?.(o));
  const needed = throwawaysNeeded(runnable, all, fixtureValues(input.config), (creator) => !input.skip?.(creator));
  if (needed.length === 0) return { config: input.config, blocked: new Map(), requests: 0, retries: 0 };
  try {
    return await makeThrowaways(input, resources, emit, runnable, needed);
  } catch (e) {
    const why = `the setup of the throwaways broke: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`;
    const keys = new Set(needed.map((t) => t.fixture));
    return { config: input.config, blocked: blockedBy(runnable, (key) => (keys.has(key) ? why : undefined)), requests: 0, retries: 0, broke: e };
  }
}

async function makeThrowaways(
  input: EngineInput,
  resources: CreatedResources,
  emit: (e: RunEvent) => void,
  runnable: readonly Operation[],
  needed: readonly Throwaway[],
): Promise<Setup> {
  const { config } = input;
  const named = fixtureValues(config);

  emit({ kind: 'phase', name: `setup: ${needed.length} throwaway resource${needed.length === 1 ? '' : 's'} (${needed.map((t) => t.fixture).join(', ')})` });
  // creating what the run needs is not part of the request budget; it has a time bound as long as the run's
  const sender = createSender({ ...config, run: { ...config.run, maxRequests: 0 } }, named, Date.now() + config.run.totalTimeoutMs, input.lookup);
  const made: Record<string, string> = {};
  const failed = new Map<string, string>();
  const secrets: string[] = [];
  // unique across runs and shards started at once: time and random digits, all in every name charset
  const tag = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  // Ctrl-C ends the waits (a throttled creation's back-off); a creation in flight is not cut (send.ts)
  const stop = () => sender.stop();
  if (input.signal?.aborted) stop();
  input.signal?.addEventListener('abort', stop);
  try {
    for (const [i, t] of needed.entries()) {
      if (input.signal?.aborted) {
        failed.set(t.fixture, 'the run was interrupted before it was created');
        continue;
      }
      let c;
      try {
        c = throwawayCase(t, config.run.seed, `${tag}_${i}`);
      } catch (e) {
        failed.set(t.fixture, `internal error while drawing its body: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
        continue;
      }
      const o = resources.noteOutcome(t.creator, await sender.send(t.creator, c));
      secrets.push(...requestSecrets(t.creator, c, o.ok ? o.exchange.request.body : undefined));
      if (!o.ok) {
        failed.set(t.fixture, `${t.creator.id} got no answer (${o.error.code})`);
        continue;
      }
      const entry = resources.lastCreated(t.creator, o.exchange);
      if (!entry) {
        const { response } = o.exchange;
        failed.set(
          t.fixture,
          response.status === t.creator.successStatus ? `${t.creator.id} answered no ${t.creator.creates!.id.slice(1)}` : answeredText(t.creator.id, response),
        );
        continue;
      }
      const yours = resources.namedAs(entry);
      if (yours) {
        failed.set(t.fixture, `${t.creator.id} answered ${yours}, a resource you named, as created`);
        continue;
      }
      resources.standIn(entry, t.fixture);
      made[t.fixture] = entry.id;
      emit({ kind: 'phase', name: `setup: ${t.fixture} = ${entry.id} (${t.creator.id})` });
    }
  } finally {
    input.signal?.removeEventListener('abort', stop);
    await sender.close();
  }
  for (const [fixture, reason] of failed) emit({ kind: 'phase', name: `setup: no throwaway ${fixture}: ${reason}` });
  const blocked = blockedBy(runnable, (key) =>
    failed.has(key) ? `no ${key} to work on: the run could not create a throwaway one (${failed.get(key)}); name fixtures.${key} to use your own` : undefined,
  );
  return { config: withFixtures(config, made, secrets), blocked, requests: sender.requests(), retries: sender.retries() };
}

/** The operations that cannot run, by id: the why of the first fixture of their path that has one. */
function blockedBy(runnable: readonly Operation[], why: (fixture: string) => string | undefined): Map<string, string> {
  const blocked = new Map<string, string>();
  for (const op of runnable) {
    const reason = op.params.map((p) => (p.fixture === undefined ? undefined : why(p.fixture))).find((r) => r !== undefined);
    if (reason !== undefined) blocked.set(op.id, reason);
  }
  return blocked;
}

/** The configuration with fixtures added by key (`service.name`) and more values to keep secret. */
function withFixtures(config: Config, made: Readonly<Record<string, string>>, secrets: readonly string[]): Config {
  const fixtures: Record<string, Record<string, string>> = Object.fromEntries(Object.entries(config.fixtures).map(([s, v]) => [s, { ...v }]));
  for (const [key, value] of Object.entries(made)) {
    const dot = key.indexOf('.');
    if (dot < 0) continue;
    (fixtures[key.slice(0, dot)] ??= {})[key.slice(dot + 1)] = value;
  }
  return { ...config, fixtures, knownSecrets: [...config.knownSecrets, ...secrets] };
}

