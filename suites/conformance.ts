/**
 * The conformance suite as vitest tests: one test per operation × check, against
 * CONFORM_TARGET (with conform.yaml / environment for token and fixtures) or, when unset, the
 * embedded emulator. `npx vitest run suites --reporter=junit` works as a CI gate.
 */
import { describe, expect, it } from 'vitest';
import { CHECK_NAMES, CHECKS, selectChecks } from '../src/checks/registry.ts';
import { withEmbeddedTarget } from '../src/cli/embedded.ts';
import { parseFlags, resolveConfig } from '../src/config/index.ts';
import { runEngine } from '../src/run/engine.ts';
import { sourceText } from '../src/report/view.ts';
import { liveSafety } from '../src/run/safety.ts';
import type { RunResult } from '../src/run/types.ts';
import type { ServiceName } from '../src/spec/types.ts';
import { catalogOf, loadSpecs } from '../src/spec/index.ts';

export async function defineServiceSuite(service: ServiceName): Promise<void> {
  const specs = (await loadSpecs()).filter((s) => s.service === service);
  const operations = specs.flatMap((s) => s.operations);
  const flags = parseFlags(process.env.CONFORM_TARGET ? ['--target', process.env.CONFORM_TARGET] : []);
  const config = resolveConfig({
    flags,
    env: process.env,
    cwd: process.cwd(),
    knownChecks: [...CHECK_NAMES],
    knownOperations: operations.map((o) => o.id),
    catalog: catalogOf(specs),
  });
  let result: RunResult | undefined;
  const run = async (): Promise<RunResult> =>
    (result ??= await withEmbeddedTarget({ ...config, operations: operations.map((o) => o.id) }, (c, embedded) =>
      runEngine({ specs, config: c, checks: selectChecks(c.checks), tool: { name: 'hwcloud-conformance', version: 'suite' }, embedded, skip: liveSafety(c) }),
    ));

  describe(`${service} conformance`, () => {
    for (const op of operations) {
      describe(op.id, () => {
        for (const check of CHECKS) {
          it(check.name, async (ctx) => {
            const r = await run();
            const verdict = r.operations.find((o) => o.operationId === op.id)?.checks.find((c) => c.check === check.name);
            // not a pass: the test is skipped, with the verdict and why
            if (!verdict || verdict.verdict === 'skipped' || verdict.verdict === 'not applicable' || verdict.verdict === 'not exercised') {
              return ctx.skip(verdict ? `${verdict.verdict}: ${verdict.reason ?? ''}` : 'not run');
            }
            const failures = r.failures.filter((f) => f.operationId === op.id && f.check === check.name);
            const errors = r.errors.filter((e) => e.operationId === op.id && (e.check === check.name || e.check === undefined));
            const detail = [
              ...failures.map((f) => `${f.message}\n  Rule: ${f.rule} (${sourceText(f.source)})\n  Received: ${f.received}\n  Documented: ${f.documented}\n  Replay: ${f.replay.curl}`),
              ...errors.map((e) => `error ${e.code}: ${e.message}`),
            ].join('\n');
            expect(verdict.verdict, detail).not.toBe('failed');
            expect(verdict.verdict, detail).not.toBe('errored');
          }, 120_000);
        }
      });
    }
  });
}
