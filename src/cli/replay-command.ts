/**
 * `conform replay FILE [--case ID]… [--target URL] [run options]`: re-sends recorded cases
 * (from conformance.json failures or a --record NDJSON file) to a target, re-signing each
 * request, and judges them with every check — a flow step after the steps before it.
 * Exit 0 when none fails, 1 when one does, 3 when one could not be sent.
 */
import type { Config } from '../config/types.ts';
import type { EngineInput, RunEvent } from '../run/engine.ts';
import { cleanupPhase } from '../run/phases/cleanup.ts';
import { setupPhase } from '../run/phases/setup.ts';
import { CreatedResources } from '../run/resources.ts';
import { VERSION } from './version.ts';
import type { Case } from '../cases/types.ts';
import { selectChecks } from '../checks/registry.ts';
import { parseFlags } from '../config/index.ts';
import { ConformError, EXIT } from '../errors.ts';
import type { Exchange } from '../execute/types.ts';
import { createRedactor } from '../redact/index.ts';
import { fixtureValues, secretsOf } from '../run/engine.ts';
import { judge } from '../checks/judge.ts';
import { liveSafety } from '../run/safety.ts';
import { createSender } from '../execute/send.ts';
import { createsNamedResource, uniquifyName } from '../cases/unique-names.ts';
import type { Operation } from '../spec/types.ts';
import { withEmbeddedTarget } from './embedded.ts';
import { onInterrupts } from './interrupts.ts';
import { prepareAuth } from './prepare-auth.ts';
import { assertReachable } from './reachability.ts';
import { flowSteps, observedBy, readRecording, restoreCase } from './replay-cases.ts';
import { runSpecs } from './run-specs.ts';
import { requestSecrets, responseSecrets } from '../run/run-secrets.ts';
import { formatHelp, wantsHelp, type CommandHelp } from '../help.ts';
import { ENVIRONMENT_NOTES, RUN_OPTIONS } from './run-command.ts';

export const HELP: CommandHelp = {
  name: 'replay',
  summary: 're-send recorded cases (a --record file, or the failures of a conformance.json) and judge them',
  usage: 'conform replay FILE [--case ID]… [--target URL] [run options]',
  options: [
    { flag: 'FILE', description: 'reports/conformance.json, or an NDJSON file written by --record', default: 'required' },
    { flag: '--case', value: 'ID', description: 'replay only this case (repeatable)', default: 'every case in FILE' },
    ...RUN_OPTIONS.filter((o) => !['--dry-run', '--record', '--cases', '--seed'].includes(o.flag)),
  ],
  notes: ENVIRONMENT_NOTES,
  example: 'conform replay reports/conformance.json --case CreateApp.boundary.3 --target http://127.0.0.1:4010',
};
const USAGE = `usage: ${HELP.usage}`;

/** `--case ID` / `--case=ID` (repeatable) out of the arguments; the rest are run flags. */
function splitCaseFlags(argv: readonly string[]): { ids: string[]; rest: string[] } {
  const ids: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--case') {
      const id = argv[++i];
      if (id === undefined || id.startsWith('--')) throw new ConformError('CONFORM_USAGE', `--case needs a case id; ${USAGE}`);
      ids.push(id);
    } else if (a.startsWith('--case=')) ids.push(a.slice('--case='.length));
    else rest.push(a);
  }
  return { ids, rest };
}

export async function replayCommand(argv: string[]): Promise<number> {
  const [file, ...args] = argv;
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp(HELP));
    return EXIT.conforms;
  }
  if (!file || file.startsWith('-')) throw new ConformError('CONFORM_USAGE', USAGE);
  const { ids, rest } = splitCaseFlags(args);
  const recording = await readRecording(file);
  const cases = recording.cases.filter((c) => ids.length === 0 || ids.includes(c.id));
  const missing = ids.filter((id) => !recording.cases.some((c) => c.id === id));
  if (missing.length > 0) throw new ConformError('CONFORM_USAGE', `no case '${missing[0]}' in ${file}`);
  if (cases.length === 0) throw new ConformError('CONFORM_USAGE', `no cases in ${file}`);
  const flags = parseFlags(rest);
  const run = await runSpecs(flags);
  const all = run.specs.flatMap((s) => s.operations);
  const ops = new Map(all.map((o) => [o.id, o] as const));
  const unknown = cases.find((c) => !ops.has(c.operationId));
  if (unknown) throw new ConformError('CONFORM_USAGE', `case ${unknown.id} names unknown operation '${unknown.operationId}'`);
  // An observation step is judged against the call it observed, made in the same run: re-run
  // that. Among other cases it is named as not replayed; alone, it is refused.
  const observations: { id: string; why: string }[] = [];
  const replayable: typeof cases = [];
  for (const c of cases) {
    const observed = observedBy(c, all);
    if (!observed) {
      replayable.push(c);
      continue;
    }
    observations.push({
      id: c.id,
      why: `it observes ${observed.op.id} (rule ${observed.rule}) right after a call of it; re-run both with \`conform run --operations ${observed.op.id}\``,
    });
  }
  if (replayable.length === 0) throw new ConformError('CONFORM_USAGE', `case ${observations[0]!.id} ${observations[0]!.why.replace(/^it /, '')}`);
  const resolved = run.resolve(flags);

  return withEmbeddedTarget(resolved, async (config) => {
    // The live-safety rule holds for a replay too: nothing that changes state goes to a
    // non-loopback target unless --allow-mutations says so.
    const unsafe = liveSafety(config);
    for (const c of replayable) {
      const reason = unsafe(ops.get(c.operationId)!);
      if (reason) throw new ConformError('CONFORM_USAGE', `case ${c.id} (${c.operationId}): ${reason}`);
    }
    await assertReachable(config);
    const authed = await prepareAuth(config);
    // The run's throwaways were deleted when it ended: the replay makes its own, and deletes them
    // (and whatever its cases create) when it ends.
    let current: Config = authed;
    const resources = new CreatedResources(ops, () => fixtureValues(current), fixtureValues(authed));
    const announce = (e: RunEvent) => e.kind === 'phase' && process.stdout.write(`· ${e.name}\n`);
    // Ctrl-C: stop replaying, delete what the replay created; again: stop deleting; a third: quit
    const interrupts = onInterrupts(
      { say: 'stopping; deleting what the replay created (again to stop deleting)' },
      { say: 'no more deleting (again to quit at once)' },
    );
    const input: EngineInput = {
      signal: interrupts.signal,
      cleanupSignal: interrupts.cleanupSignal,
      specs: run.specs,
      config: { ...authed, operations: [...new Set(replayable.map((c) => c.operationId))] },
      checks: [],
      tool: { name: 'hwcloud-conformance', version: VERSION },
      embedded: false,
      skip: unsafe,
    };
    try {
      const setup = await setupPhase(input, resources, announce);
      const ready: Config = (current = { ...setup.config, operations: authed.operations });
      try {
        const code = await replayPlans(ready, setup.blocked, resources, interrupts.signal);
        return interrupts.signal.aborted ? EXIT.interrupted : code;
      } finally {
        await cleanupPhase(input, ready, resources, announce);
        const left = resources.list().filter((r) => r.state === 'left');
        for (const r of left) process.stdout.write(`⚠ left on the target: ${r.operationId} ${r.id}: ${r.note ?? ''}\n`);
      }
    } finally {
      interrupts.dispose();
    }
  }, [...new Set(cases.map((c) => ops.get(c.operationId)!.service))]);

  async function replayPlans(ready: Config, blocked: ReadonlyMap<string, string>, resources: CreatedResources, stopped: AbortSignal): Promise<number> {
    const secrets = secretsOf(ready);
    const fixtures = fixtureValues(ready);
    const seed = recording.seed ?? ready.run.seed;
    const count = recording.count ?? ready.run.cases;
    const ran = recording.ran ? all.filter((o) => recording.ran!.includes(o.id)) : all;
    // Every case is planned before anything is sent. One that cannot be (a redacted secret the
    // seed cannot give back) is named, and the others are replayed; none at all is a usage error.
    const unreplayable: { id: string; why: string }[] = [...observations];
    const plans = replayable.flatMap((c) => {
      const op = ops.get(c.operationId)!;
      const why = blocked.get(op.id);
      if (why) {
        unreplayable.push({ id: c.id, why });
        return [];
      }
      try {
        const steps = flowSteps(c, ran, { seed, count, fixtures });
        return [{ op, recorded: c, setup: steps?.slice(0, -1) ?? [], last: steps?.at(-1) ?? { op, case: restoreCase(op, c, seed, file) } }];
      } catch (e) {
        const why = e instanceof ConformError ? e.message.replace(/^case \S+: /, '') : String(e);
        unreplayable.push({ id: c.id, why });
        return [];
      }
    });
    if (plans.length === 0) {
      throw new ConformError('CONFORM_USAGE', `no case of ${file} can be replayed: ${unreplayable[0]!.id}: ${unreplayable[0]!.why}`);
    }
    for (const u of unreplayable) process.stdout.write(`- ${u.id}: not replayed: ${u.why}\n`);
    const sender = resources.watch(createSender(ready, fixtures, Date.now() + ready.run.totalTimeoutMs));
    stopped.addEventListener('abort', () => sender.stop(), { once: true });
    const checks = selectChecks(ready.checks);
    const nonce = Date.now() % 1_000_003;
    let serial = 0;
    const fresh = (op: Operation, c: Case) => (createsNamedResource(op) ? uniquifyName(op, c, serial++, nonce) : c);
    let failed = 0;
    let errored = 0;
    try {
      for (const plan of plans) {
        if (stopped.aborted) break;
        const history: Exchange[] = [];
        for (const step of plan.setup) {
          if (step.delayMs) await sleep(step.delayMs);
          const o = await sender.send(step.op, fresh(step.op, step.case));
          const redactor = createRedactor([...secrets, ...requestSecrets(step.op, step.case)]);
          process.stdout.write(redactor.text(`  · ${step.case.id}: ${o.ok ? `HTTP ${o.exchange.response.status}` : o.error.code} — ${step.case.note}\n`));
          if (o.ok) history.push(o.exchange);
        }
        const { op, case: c } = plan.last;
        if (plan.last.delayMs) await sleep(plan.last.delayMs);
        const sent = fresh(op, c);
        const o = await sender.send(op, sent);
        const own = [...requestSecrets(op, sent), ...(o.ok ? responseSecrets(op, o.exchange.response.text) : [])];
        const redactor = createRedactor([...secrets, ...own]);
        const write = (s: string) => process.stdout.write(redactor.text(s));
        if (!o.ok) {
          write(`! ${plan.recorded.id}: ${o.error.code}: ${o.error.message}\n`);
          errored++;
          continue;
        }
        const context = { operation: op, operations: ops, knownSecrets: secrets, fixtures, history, probes: {} };
        const fs = judge(checks, context, o.exchange).failures;
        write(`${fs.length ? '✗' : '✓'} ${plan.recorded.id}: HTTP ${o.exchange.response.status} — ${plan.recorded.note}\n`);
        for (const f of fs) {
          write(`  ${f.check}: ${oneLine(f.message)}\n    Received: ${oneLine(f.received)}\n    Documented: ${oneLine(f.documented)}\n`);
        }
        if (fs.length) failed++;
      }
    } finally {
      await sender.close();
    }
    const total = plans.length;
    const skipped = unreplayable.length ? `; ${unreplayable.length} of the ${total + unreplayable.length} cases could not be replayed (listed above)` : '';
    process.stdout.write(`${total - failed - errored} of ${total} replayed ${total === 1 ? 'case' : 'cases'} conform${failed ? `, ${failed} failed` : ''}${errored ? `, ${errored} could not be sent` : ''}${skipped}\n`);
    return errored > 0 ? EXIT.target : failed > 0 ? EXIT.deviations : EXIT.conforms;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function oneLine(s: string): string {
  return String(s).replace(/\s*\n\s*/g, ' ');
}
