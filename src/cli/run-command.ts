/**
 * `conform run`: specs → config → target (the embedded emulator when none is given) → engine
 * → reports → exit code (0 conforms, 1 deviations, 2 usage/config/spec, 3 target or run error).
 */
import { CHECKS, selectChecks } from '../checks/registry.ts';
import { loadBaseline, matchBaseline } from '../config/baseline.ts';
import { DEFAULT_CONFIG_FILE, DEFAULTS, ENVIRONMENT, parseFlags } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { ConformError, EXIT } from '../errors.ts';
import type { Flags } from '../config/flags.ts';
import type { RunResult } from '../run/types.ts';
import { printConsole } from '../report/console.ts';
import { assertWritableDir, writeReports } from '../report/index.ts';
import { createRedactor } from '../redact/index.ts';
import { plannedRequests } from '../run/dry-run.ts';
import { runEngine, secretsOf } from '../run/engine.ts';
import { CLEANUP_MS } from '../run/phases/cleanup.ts';
import { liveSafety } from '../run/safety.ts';
import { withEmbeddedTarget } from './embedded.ts';
import { onInterrupts } from './interrupts.ts';
import { formatHelp, wantsHelp, type CommandHelp, type OptionHelp } from '../help.ts';
import { prepareAuth } from './prepare-auth.ts';
import { assertReachable } from './reachability.ts';
import { createRecorder } from './record.ts';
import { resultSecrets } from '../run/run-secrets.ts';
import { baselineStatus } from '../run/baseline-status.ts';
import { variationText } from '../cases/variation.ts';
import { selectOperations } from '../spec/catalog.ts';
import { runSpecs } from './run-specs.ts';
import { VERSION } from './version.ts';

/** The options `conform run` takes (`replay` and `diff` take them too). */
export const RUN_OPTIONS: readonly OptionHelp[] = [
  { flag: '--config', value: 'FILE', description: 'configuration file', default: `./${DEFAULT_CONFIG_FILE} when present` },
  { flag: '--specs', value: 'DIR', description: 'the spec files to run', default: "the package's specs/" },
  { flag: '--target', value: 'URL', description: 'base URL of the target', default: 'start the embedded emulator' },
  { flag: '--region', value: 'REGION', description: 'the Huawei Cloud endpoints of a region (e.g. cn-north-4)', default: 'none' },
  { flag: '--token', value: 'T', description: 'X-Auth-Token; visible to `ps`, prefer HWC_AUTH_TOKEN or HWC_AUTH_TOKEN_FILE', default: 'none' },
  { flag: '--operations', value: 'A,B', description: 'run only these operations', default: 'all' },
  { flag: '--seed', value: 'N', description: 'seed of the generated cases (same seed, same cases)', default: String(DEFAULTS.run.seed) },
  { flag: '--cases', value: 'N', description: 'random cases per operation, after the boundary cases', default: String(DEFAULTS.run.cases) },
  { flag: '--concurrency', value: 'N', description: 'requests in flight at once', default: String(DEFAULTS.run.concurrency) },
  { flag: '--timeout', value: 'MS', description: 'per-request timeout in milliseconds', default: String(DEFAULTS.run.timeoutMs) },
  { flag: '--report-dir', value: 'DIR', description: 'where the reports go', default: DEFAULTS.report.dir },
  { flag: '--format', value: 'LIST', description: 'report formats', default: DEFAULTS.report.formats.join(',') },
  { flag: '--baseline', value: 'FILE', description: 'accepted deviations: [{ operation, check, reason, expires: YYYY-MM-DD }]', default: 'none' },
  { flag: '--allow-mutations', description: 'run the mutating operations against a non-loopback target', default: 'off' },
  { flag: '--rate', value: 'N/s', description: 'at most N request starts per second (0.5/s: one every 2 s)', default: 'no limit' },
  { flag: '--max-requests', value: 'N', description: 'request budget (retries count); unsent cases are "not run (budget)", the run incomplete', default: 'no limit' },
  { flag: '--give-up-after', value: 'N', description: 'transport failures in a row after which the run gives up on the target (0: never)', default: String(DEFAULTS.run.giveUpAfter) },
  { flag: '--dry-run', description: 'print the planned requests as curl lines and send nothing', default: 'off' },
  { flag: '--record', value: 'FILE', description: 'write every exchange, redacted, as NDJSON', default: 'none' },
  { flag: '--shard', value: 'i/n', description: 'send only shard i of n of the cases (conform merge joins the shards\' reports)', default: 'the whole run' },
  { flag: '--quiet', description: 'no progress and no failure list: the outcome line and where the reports went', default: 'off' },
];

/** The environment variables a run reads, as help lines. */
export const ENVIRONMENT_NOTES: readonly string[] = [
  'environment (overrides conform.yaml; a flag overrides it):',
  ...ENVIRONMENT.map((v) => `  ${v.name.padEnd(22)}${v.description}`),
];

export const HELP: CommandHelp = {
  name: 'run',
  summary: 'run the suite against a target (default: the embedded emulator) and write the reports',
  usage: 'conform run [options]',
  options: RUN_OPTIONS,
  notes: ENVIRONMENT_NOTES,
  example: 'conform run --target http://127.0.0.1:4010 --config conform.yaml --operations CreateApp,ShowSecret',
};

export async function runCommand(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp(HELP));
    return EXIT.conforms;
  }
  const flags = parseFlags(argv);
  const run = await runSpecs(flags);
  const specs = run.specs;
  const resolved = run.resolve(flags);
  const baseline = resolved.baseline ? await loadBaseline(resolved.baseline) : undefined;
  const today = new Date().toISOString().slice(0, 10);
  const log = (line: string) => process.stdout.write(`${line}\n`);

  return withEmbeddedTarget(resolved, async (config: Config, embedded: boolean) => {
    const operations = selectOperations(specs.flatMap((s) => s.operations), config.operations);
    const skip = liveSafety(config);
    if (config.run.dryRun) {
      for (const line of plannedRequests(operations, config, skip, specs.flatMap((s) => s.operations))) log(line);
      return EXIT.conforms;
    }
    // Bad setup fails before any request: reports that could not be written would lose the run.
    await assertWritableDir(config.report.dir);
    await assertReachable(config);
    const ready = await prepareAuth(config);
    const secrets = secretsOf(ready);
    const recorder = flags.record ? await createRecorder(flags.record, secrets, operations) : undefined;
    // Secrets learnt during the run (app_secret values sent, values shown unmasked) are only
    // known once it ends; the summary that may quote them is written after that.
    let learnt = (s: string) => s;
    const tty = process.stdout.isTTY === true && !process.env.CI;
    const varied = new Map(operations.map((o) => [o.id, variationText(o)] as const));
    const printer = printConsole({ write: (s: string) => process.stdout.write(learnt(s)), tty, color: useColor(tty), secrets, varied: (id) => varied.get(id), quiet: flags.quiet === true });
    // Ctrl-C / SIGTERM: stop sending, delete what the run created, write the reports of what was
    // judged, exit 130. A second signal stops the deleting (the reports list what is left); a
    // third, or a cleanup and reports that take too long, end the process at once.
    // a creation in flight may take a request timeout to end, the cleanup its bound and one more
    const interrupts = onInterrupts(
      { say: 'stopping; deleting what the run created, then writing the reports of what was judged (again to stop deleting)', exitAfterMs: CLEANUP_MS + 2 * ready.run.timeoutMs + 10_000 },
      { say: 'no more deleting; the reports list what the run created and left (again to quit at once)', exitAfterMs: 10_000 },
    );
    try {
      const run = await runEngine({
        signal: interrupts.signal,
        cleanupSignal: interrupts.cleanupSignal,
        replayArgs: replayArgs(flags),
        specs,
        config: ready,
        checks: selectChecks(ready.checks),
        disabledChecks: CHECKS.filter((c) => ready.checks[c.name] === false),
        tool: { name: 'hwcloud-conformance', version: VERSION },
        embedded,
        skip,
        ...(flags.shard ? { shard: flags.shard } : {}),
        ...(baseline ? { known: (f) => matchBaseline(baseline, f, today) } : {}),
        onEvent: (e) => printer.event(e),
        onOutcome: (o, failures, phase) => recorder?.write(o, failures, phase),
      });
      const described = { ...run, operations: run.operations.map((o) => ({ ...o, ...(varied.has(o.operationId) ? { varied: varied.get(o.operationId) } : {}) })) };
      const result = baseline ? { ...described, baseline: baselineStatus(baseline, run, today) } : described;
      const all = [...secrets, ...resultSecrets(result, operations)];
      learnt = createRedactor(all.slice(secrets.length)).text;
      const files = await writeReports(result, ready.report.dir, ready.report.formats, { secrets: all }).finally(() => result.spilledFailures?.remove());
      printer.summary(result, files);
      return exitCode(result);
    } finally {
      interrupts.dispose();
      await recorder?.close();
    }
  }, run.servicesOf(resolved));
}

/**
 * The exit code of a finished run, with the one line that says why when the run could not
 * judge: 130 interrupted, 3 errored (a target given up on, refused credentials, transport
 * errors), 1 deviations, 0 conforms — also when a budget or the time bound ended it early, the
 * report then saying how far it got.
 */
function exitCode(result: RunResult): number {
  const c = result.completion;
  const say = (code: 'CONFORM_TARGET_UNREACHABLE' | 'CONFORM_AUTH' | 'CONFORM_RUN', message: string) =>
    process.stderr.write(`conform: ${new ConformError(code, message).oneLine()}\n`);
  switch (result.summary.outcome) {
    case 'interrupted':
      say('CONFORM_RUN', `${c.message ?? 'interrupted'} (${c.casesRun} of ${c.casesPlanned} planned cases run)`);
      return EXIT.interrupted;
    case 'errored':
      if (c.reason === 'unreachable') say('CONFORM_TARGET_UNREACHABLE', c.message ?? 'the target stopped answering');
      else if (c.reason === 'auth-refused') say('CONFORM_AUTH', c.message ?? 'every request was refused for its credentials');
      else say('CONFORM_RUN', `${result.errorCount} requests or checks errored; the reports list them`);
      return EXIT.target;
    case 'deviates':
      return EXIT.deviations;
    default:
      return EXIT.conforms;
  }
}

/**
 * What `conform replay` needs to reach the same target as this run, as given: the config file,
 * the targets, the region, --allow-mutations. Never a token (replay reads it where the run did).
 */
function replayArgs(flags: Flags): string[] {
  const out: string[] = [];
  if (flags.config) out.push('--config', flags.config);
  // a target from the environment is named too: the replay may run in another shell
  const targets = flags.target ?? (process.env.CONFORM_TARGET ? [process.env.CONFORM_TARGET] : []);
  for (const t of targets) out.push('--target', withoutUserinfo(t));
  if (flags.region) out.push('--region', flags.region);
  if (flags.timeoutMs !== undefined) out.push('--timeout', String(flags.timeoutMs));
  if (flags.allowMutations) out.push('--allow-mutations');
  return out;
}

/** A URL with any `user:password@` taken out: a replay line is printed and stored. */
function withoutUserinfo(url: string): string {
  try {
    const u = new URL(url);
    if (!u.username && !u.password) return url;
    u.username = '';
    u.password = '';
    return u.toString();
  } catch {
    return url;
  }
}

/** Colours on a terminal unless NO_COLOR is set; FORCE_COLOR turns them on anywhere (https://no-color.org). */
function useColor(tty: boolean): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return tty && !process.env.NO_COLOR;
}
