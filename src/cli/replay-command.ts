/**
 * `conform replay FILE [--case ID] [--target URL] [run options]`: re-sends recorded cases
 * (from conformance.json failures or a --record NDJSON file) to a target, re-signing each
 * request, and judges them with every check. Exit 0 when none fails, 1 otherwise.
 */
import { readFile } from 'node:fs/promises';
import type { Case } from '../cases/types.ts';
import { CHECK_NAMES, selectChecks } from '../checks/registry.ts';
import { parseFlags, resolveConfig } from '../config/index.ts';
import { ConformError, EXIT } from '../errors.ts';
import { createRedactor } from '../redact/index.ts';
import { fixtureValues, secretsOf } from '../run/engine.ts';
import { judge } from '../run/judge.ts';
import { createSender } from '../run/send.ts';
import { loadSpecs } from '../spec/index.ts';
import { withEmbeddedTarget } from './embedded.ts';
import { prepareAuth } from './prepare-auth.ts';
import { assertReachable } from './reachability.ts';

export async function replayCommand(argv: string[]): Promise<number> {
  const [file, ...rest] = argv;
  if (!file || file.startsWith('-')) throw new ConformError('CONFORM_USAGE', 'usage: conform replay FILE [--case ID] [--target URL] [run options]');
  const at = rest.indexOf('--case');
  const caseId = at >= 0 ? rest[at + 1] : undefined;
  const flagArgs = at >= 0 ? [...rest.slice(0, at), ...rest.slice(at + 2)] : rest;
  const cases = (await readCases(file)).filter((c) => caseId === undefined || c.id === caseId);
  if (cases.length === 0) throw new ConformError('CONFORM_USAGE', caseId ? `no case '${caseId}' in ${file}` : `no cases in ${file}`);
  const specs = await loadSpecs();
  const ops = new Map(specs.flatMap((s) => s.operations).map((o) => [o.id, o] as const));
  const resolved = resolveConfig({ flags: parseFlags(flagArgs), env: process.env, cwd: process.cwd(), knownChecks: [...CHECK_NAMES], knownOperations: [...ops.keys()] });
  return withEmbeddedTarget(resolved, async (config) => {
    await assertReachable(config);
    const ready = await prepareAuth(config);
    const secrets = secretsOf(ready);
    const redactor = createRedactor(secrets);
    const sender = createSender(ready, fixtureValues(ready), Date.now() + ready.run.totalTimeoutMs);
    const checks = selectChecks(ready.checks);
    let failed = 0;
    try {
      for (const c of cases) {
        const op = ops.get(c.operationId);
        if (!op) throw new ConformError('CONFORM_USAGE', `case ${c.id} names unknown operation '${c.operationId}'`);
        const o = await sender.send(op, c);
        if (!o.ok) {
          process.stdout.write(`! ${c.id}: ${o.error.code}: ${o.error.message}\n`);
          failed++;
          continue;
        }
        const fs = judge(checks, { operation: op, operations: ops, knownSecrets: secrets, fixtures: fixtureValues(ready), history: [], probes: {} }, o.exchange).failures;
        process.stdout.write(`${fs.length ? '✗' : '✓'} ${c.id}: HTTP ${o.exchange.response.status} — ${c.note}\n`);
        for (const f of fs) {
          process.stdout.write(redactor.text(`    ${f.check}: ${f.message}\n    Received: ${f.received}\n    Documented: ${f.documented}\n`));
        }
        if (fs.length) failed++;
      }
    } finally {
      await sender.close();
    }
    return failed === 0 ? EXIT.conforms : EXIT.deviations;
  });
}

async function readCases(file: string): Promise<Case[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch {
    throw new ConformError('CONFORM_USAGE', `cannot read ${file}`);
  }
  try {
    if (text.trimStart().startsWith('{') && !text.includes('\n{')) {
      const doc = JSON.parse(text) as { failures?: { case: Case }[] };
      return (doc.failures ?? []).map((f) => f.case);
    }
    return text
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => (JSON.parse(l) as { case: Case }).case);
  } catch {
    throw new ConformError('CONFORM_USAGE', `${file} is neither a conformance.json report nor an NDJSON recording`);
  }
}
