/**
 * `conform diff --target A --target B [run options]`: the same cases to both targets (one after
 * the other: same seed, same cases, same flow ids), then per case where the status class, the
 * verdicts or the body shape differ, or where only one target got the case. Exit 0 when they
 * agree, 1 otherwise; diff.json in the report directory.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { selectChecks } from '../checks/registry.ts';
import { parseFlags } from '../config/index.ts';
import type { Config } from '../config/types.ts';
import { ConformError, EXIT } from '../errors.ts';
import { createRedactor } from '../redact/index.ts';
import { compareDigests, digest, type CaseDigest } from '../run/diff.ts';
import { runEngine, secretsOf } from '../run/engine.ts';
import { liveSafety } from '../run/safety.ts';
import type { Spec } from '../spec/types.ts';
import { prepareAuth } from './prepare-auth.ts';
import { assertReachable } from './reachability.ts';
import { runSpecs } from './run-specs.ts';
import { VERSION } from './version.ts';
import { formatHelp, wantsHelp, type CommandHelp } from '../help.ts';
import { ENVIRONMENT_NOTES, RUN_OPTIONS } from './run-command.ts';

export const HELP: CommandHelp = {
  name: 'diff',
  summary: 'send the same cases to two targets and report where their answers differ (diff.json)',
  usage: 'conform diff --target URL_A --target URL_B [run options]',
  options: [
    { flag: '--target', value: 'URL', description: 'given twice: the two targets, A then B', default: 'required' },
    ...RUN_OPTIONS.filter((o) => !['--target', '--dry-run', '--record'].includes(o.flag)),
  ],
  notes: ENVIRONMENT_NOTES,
  example: 'conform diff --target http://127.0.0.1:4010 --target https://apig.cn-north-4.myhuaweicloud.com --config live.yaml',
};
const USAGE = `usage: ${HELP.usage}`;

export async function diffCommand(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp(HELP));
    return EXIT.conforms;
  }
  const targets: string[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--target') targets.push(argv[++i] ?? '');
    else if (argv[i]!.startsWith('--target=')) targets.push(argv[i]!.slice('--target='.length));
    else rest.push(argv[i]!);
  }
  if (targets.length !== 2) throw new ConformError('CONFORM_USAGE', `conform diff needs exactly two --target URLs, got ${targets.length}; ${USAGE}`);
  const run = await runSpecs(parseFlags(rest));
  const specs = run.specs;
  const resolve = (extra: string[]) => run.resolve(parseFlags([...rest, ...extra]));
  // Both configs are resolved (and both targets probed) before either run starts.
  const configs = targets.map((t) => resolve(['--target', t]));
  await Promise.all(configs.map((c) => assertReachable(c)));
  const digests: Map<string, CaseDigest>[] = [];
  for (const config of configs) digests.push(await collect(specs, config));
  const differences = compareDigests(digests[0]!, digests[1]!);
  const redactor = createRedactor(configs.flatMap((c) => secretsOf(c)));
  const dir = configs[0]!.report.dir;
  await mkdir(dir, { recursive: true });
  const file = join(dir, 'diff.json');
  await writeFile(file, `${redactor.text(JSON.stringify({ targets, cases: Math.max(digests[0]!.size, digests[1]!.size), differences }, null, 2))}\n`);
  const side = (d?: CaseDigest) => (d ? `${d.status} [${d.failures.join(', ')}]` : '(not sent)');
  for (const d of differences) {
    process.stdout.write(redactor.text(`≠ ${d.caseId} (${d.note}): ${d.aspects.join(', ')} — A: ${side(d.a)}  B: ${side(d.b)}\n`));
  }
  process.stdout.write(`${differences.length} of ${Math.max(digests[0]!.size, digests[1]!.size)} cases differ between A and B (${file})\n`);
  return differences.length === 0 ? EXIT.conforms : EXIT.deviations;
}

async function collect(specs: readonly Spec[], config: Config): Promise<Map<string, CaseDigest>> {
  const ready = await prepareAuth(config);
  const out = new Map<string, CaseDigest>();
  await runEngine({
    specs,
    config: ready,
    checks: selectChecks(ready.checks),
    tool: { name: 'hwcloud-conformance', version: VERSION },
    embedded: false,
    skip: liveSafety(ready),
    onOutcome: (o, f, phase) => {
      // model-based sequences and shrinking follow the target's earlier answers: two targets
      // need not get the same cases, so only the main phase and the fixed flows are compared (the
      // cleanup deletes ids each target made up)
      if (phase === 'model' || phase === 'shrink' || phase === 'cleanup') return;
      const d = digest(o, f);
      out.set(d.caseId, d);
    },
  });
  return out;
}
