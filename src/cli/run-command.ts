/**
 * `conform run`: specs → config → target (the embedded emulator when none is given) → engine
 * → reports → exit code (0 conforms, 1 deviations, 2 usage/config/spec, 3 target or run error).
 */
import { CHECK_NAMES, selectChecks } from '../checks/registry.ts';
import { loadBaseline, matchBaseline } from '../config/baseline.ts';
import { parseFlags, resolveConfig } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { EXIT } from '../errors.ts';
import { printConsole } from '../report/console.ts';
import { writeReports } from '../report/index.ts';
import { createRedactor } from '../redact/index.ts';
import { plannedRequests } from '../run/dry-run.ts';
import { withCitations } from '../run/citations.ts';
import { runEngine, secretsOf } from '../run/engine.ts';
import { liveSafety } from '../run/safety.ts';
import { loadSpecs } from '../spec/index.ts';
import { withEmbeddedTarget } from './embedded.ts';
import { prepareAuth } from './prepare-auth.ts';
import { assertReachable } from './reachability.ts';
import { createRecorder } from './record.ts';
import { resultSecrets } from '../run/run-secrets.ts';
import { VERSION } from './version.ts';

const HELP = `usage: conform run [options]

  --config FILE         configuration file (default ./conform.yaml when present)
  --target URL          base URL of the target (default: start the embedded emulator)
  --region REGION       resolve the Huawei Cloud endpoints of a region (e.g. cn-north-4)
  --token T             X-Auth-Token (or HWC_AUTH_TOKEN)
  --operations A,B      run only these operations
  --seed N              seed of the generated cases (same seed, same cases)
  --cases N             random cases per operation, after the boundary cases
  --concurrency N       requests in flight at once
  --timeout MS          per-request timeout
  --report-dir DIR      where reports go (default reports/)
  --format LIST         html,json,junit,md
  --baseline FILE       accepted deviations (operation, check, reason, expires)
  --allow-mutations     run mutating operations against a non-loopback target
  --rate N/s            at most N requests per second
  --max-requests N      request budget
  --dry-run             print the planned requests as curl lines and send nothing
  --record FILE         write every exchange (redacted) as NDJSON
  --shard i/n           send only shard i of n of the cases (conform merge joins the shards' reports)
  --quiet, -q           no progress and no failure list: the outcome line only`;

export async function runCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${HELP}\n`);
    return EXIT.conforms;
  }
  const flags = parseFlags(argv);
  const specs = await loadSpecs();
  const knownOperations = specs.flatMap((s) => s.operations.map((o) => o.id));
  const resolved = resolveConfig({ flags, env: process.env, cwd: process.cwd(), knownChecks: [...CHECK_NAMES], knownOperations });
  const baseline = resolved.baseline ? await loadBaseline(resolved.baseline) : undefined;
  const today = new Date().toISOString().slice(0, 10);
  const log = (line: string) => process.stdout.write(`${line}\n`);

  return withEmbeddedTarget(resolved, async (config: Config, embedded: boolean) => {
    const operations = specs.flatMap((s) => s.operations).filter((o) => !config.operations || config.operations.includes(o.id));
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
    const printer = printConsole({ write: (s: string) => process.stdout.write(learnt(s)), tty, color: useColor(tty), secrets, quiet: flags.quiet === true });
    // The engine's events carry no failure counts of the main phase; the lines are per operation.
    const failuresByOp = new Map<string, number>();
    try {
      const run = await runEngine({
        specs,
        config: ready,
        checks: selectChecks(ready.checks),
        tool: { name: 'hwcloud-conformance', version: VERSION },
        embedded,
        skip,
        ...(flags.shard ? { shard: flags.shard } : {}),
        ...(baseline ? { known: (f) => matchBaseline(baseline, f, today) } : {}),
        onEvent: (e) =>
          printer.event(e.kind === 'operation-end' || e.kind === 'progress' ? { ...e, failures: failuresByOp.get(e.operationId) ?? 0 } : e),
        onOutcome: (o, failures, phase) => {
          const op = o.ok ? o.exchange.case.operationId : o.error.case.operationId;
          if (phase === 'main' && failures.length > 0) failuresByOp.set(op, (failuresByOp.get(op) ?? 0) + failures.length);
          recorder?.write(o, failures, phase);
        },
      });
      const result = withCitations(run, specs);
      const all = [...secrets, ...resultSecrets(result, operations)];
      learnt = createRedactor(all.slice(secrets.length)).text;
      const files = await writeReports(result, ready.report.dir, ready.report.formats, { secrets: all });
      printer.summary(result, files);
      if (result.summary.outcome === 'errored') return EXIT.target;
      return result.summary.outcome === 'deviates' ? EXIT.deviations : EXIT.conforms;
    } finally {
      await recorder?.close();
    }
  });
}

/** Colours on a terminal unless NO_COLOR is set; FORCE_COLOR turns them on anywhere (https://no-color.org). */
function useColor(tty: boolean): boolean {
  const force = process.env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return tty && !process.env.NO_COLOR;
}
