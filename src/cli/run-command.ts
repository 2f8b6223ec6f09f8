/**
 * `conform run`: specs → config → target (the embedded emulator when none is given) → engine
 * → reports → exit code (0 conforms, 1 deviations, 2 usage/config/spec, 3 target or run error).
 */
import { selectChecks } from '../checks/registry.ts';
import { loadBaseline, matchBaseline } from '../config/baseline.ts';
import { DEFAULT_CONFIG_FILE, DEFAULTS, ENVIRONMENT, parseFlags } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { EXIT } from '../errors.ts';
import { printConsole } from '../report/console.ts';
import { writeReports } from '../report/index.ts';
import { createRedactor } from '../redact/index.ts';
import { plannedRequests } from '../run/dry-run.ts';
import { runEngine, secretsOf } from '../run/engine.ts';
import { liveSafety } from '../run/safety.ts';
import { withEmbeddedTarget } from './embedded.ts';
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
  { flag: '--max-requests', value: 'N', description: 'request budget', default: 'no limit' },
  { flag: '--dry-run', description: 'print the planned requests as curl lines and send nothing', default: 'off' },
  { flag: '--record', value: 'FILE', description: 'write every exchange, redacted, as NDJSON', default: 'none' },
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
      for (const line of plannedRequests(operations, config, skip)) log(line);
      return EXIT.conforms;
    }
    await assertReachable(config);
    const ready = await prepareAuth(config);
    const secrets = secretsOf(ready);
    const recorder = flags.record ? await createRecorder(flags.record, secrets, operations) : undefined;
    // Secrets learnt during the run (app_secret values sent, values shown unmasked) are only
    // known once it ends; the summary that may quote them is written after that.
    let learnt = (s: string) => s;
    const tty = process.stdout.isTTY === true && !process.env.CI;
    const varied = new Map(operations.map((o) => [o.id, variationText(o)] as const));
    const printer = printConsole({ write: (s: string) => process.stdout.write(learnt(s)), tty, color: useColor(tty), secrets, varied: (id) => varied.get(id) });
    // The engine's operation-end event carries the run's running total; the line is per operation.
    const failuresByOp = new Map<string, number>();
    try {
      const run = await runEngine({
        specs,
        config: ready,
        checks: selectChecks(ready.checks),
        tool: { name: 'hwcloud-conformance', version: VERSION },
        embedded,
        skip,
        ...(baseline ? { known: (f) => matchBaseline(baseline, f, today) } : {}),
        onEvent: (e) => printer.event(e.kind === 'operation-end' ? { ...e, failures: failuresByOp.get(e.operationId) ?? 0 } : e),
        onOutcome: (o, failures, phase) => {
          const op = o.ok ? o.exchange.case.operationId : o.error.case.operationId;
          if (phase === 'main' && failures.length > 0) failuresByOp.set(op, (failuresByOp.get(op) ?? 0) + failures.length);
          recorder?.write(o, failures, phase);
        },
      });
      const described = { ...run, operations: run.operations.map((o) => ({ ...o, ...(varied.has(o.operationId) ? { varied: varied.get(o.operationId) } : {}) })) };
      const result = baseline ? { ...described, baseline: baselineStatus(baseline, run, today) } : described;
      const all = [...secrets, ...resultSecrets(result, operations)];
      learnt = createRedactor(all.slice(secrets.length)).text;
      const files = await writeReports(result, ready.report.dir, ready.report.formats, { secrets: all });
      printer.summary(result, files);
      if (result.summary.outcome === 'errored') return EXIT.target;
      return result.summary.outcome === 'deviates' ? EXIT.deviations : EXIT.conforms;
    } finally {
      await recorder?.close();
    }
  }, run.servicesOf(resolved));
}

/** Colours on a terminal unless NO_COLOR is set; FORCE_COLOR turns them on anywhere (https://no-color.org). */
function useColor(tty: boolean): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return tty && !process.env.NO_COLOR;
}
