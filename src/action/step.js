#!/usr/bin/env node
/**
 * The step of the GitHub Action (action.yml at the package root): runs `conform run` with the
 * action's inputs in the workflow's workspace, then does what a CI page shows:
 *   - appends summary.md to $GITHUB_STEP_SUMMARY;
 *   - writes one `::error` annotation per failing operation × check (file = its spec, title =
 *     the rule), and one for a run that could not judge (exit 2 or 3, with its one line);
 *   - writes outputs (outcome, report-dir, artifact) to $GITHUB_OUTPUT for the upload step;
 * and exits with the run's exit code. Plain JavaScript: it runs before anything is built.
 *
 * Inputs come as CONFORM_INPUT_* variables (action.yml maps them); GitHub's own variables
 * (GITHUB_STEP_SUMMARY, GITHUB_OUTPUT, GITHUB_WORKSPACE, GITHUB_ACTION_PATH) as GitHub sets them.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const env = process.env;
/** @param {string} name */
const input = (name) => (env[`CONFORM_INPUT_${name}`] ?? '').trim();

/** @typedef {{ target: string; config: string; operations: string; shard: string; reportDir: string }} Inputs */
/** @typedef {import('../run/types.ts').RunResult} RunResult */

/**
 * `conform run` arguments from the action's inputs.
 * @param {Inputs} inputs
 */
export function runArgs(inputs) {
  const args = ['run'];
  if (inputs.config) args.push('--config', inputs.config);
  if (inputs.target) args.push('--target', inputs.target);
  if (inputs.operations) args.push('--operations', inputs.operations.split(/[\s,]+/).filter(Boolean).join(','));
  if (inputs.shard) args.push('--shard', inputs.shard);
  args.push('--report-dir', inputs.reportDir || 'conformance-reports');
  return args;
}

/** Workflow-command escaping (the runner's own rules for data and for property values). */
/** @param {unknown} s */
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
/** @param {unknown} s */
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');

/** @param {import('../spec/types.ts').Source | undefined} source */
function citation(source) {
  if (!source) return '';
  const p = source.page;
  const where = p ? `${p.operation} “${p.title}”, ${source.table} — ${p.url}` : `${source.doc}, ${source.table}`;
  return `${where}${source.quote ? ` “${source.quote}”` : ''}`;
}

/**
 * One `::error` line per operation × check whose verdict is `failed`: file = the spec of the
 * operation's service, title = the rule, message = how many failures, the first one and its
 * citation.
 * @param {RunResult} result
 * @param {(service: string) => string} specFile
 * @returns {string[]}
 */
export function annotations(result, specFile) {
  const lines = [];
  for (const op of result.operations ?? []) {
    for (const c of op.checks ?? []) {
      if (c.verdict !== 'failed') continue;
      const first = (result.failures ?? []).find((f) => f.operationId === op.operationId && f.check === c.check && !f.known);
      const title = first ? first.rule : `${op.operationId} · ${c.check}`;
      const message = [
        `${op.operationId} · ${c.check}: ${c.failures} failure${c.failures === 1 ? '' : 's'}`,
        first ? `${first.message}. Received: ${first.received}. Documented: ${first.documented}. Source: ${citation(first.source)}. Replay: ${first.replay?.command ?? ''}` : c.title,
      ].join(' — ');
      lines.push(`::error file=${escapeProperty(specFile(op.service))},title=${escapeProperty(title)}::${escapeData(message)}`);
    }
  }
  return lines;
}

async function main() {
  const inputs = {
    target: input('TARGET'),
    config: input('CONFIG'),
    operations: input('OPERATIONS'),
    shard: input('SHARD'),
    reportDir: input('REPORT_DIR') || 'conformance-reports',
  };
  const workspace = env.GITHUB_WORKSPACE || process.cwd();
  const reportDir = path.resolve(workspace, inputs.reportDir);
  const artifact = `conformance-reports${inputs.shard ? `-${inputs.shard.replace(/\s+/g, '').replace('/', '-of-')}` : ''}`;
  /** @type {(key: string, value: string) => void} */
  const output = (key, value) => {
    if (env.GITHUB_OUTPUT) appendFileSync(env.GITHUB_OUTPUT, `${key}=${value}\n`);
  };
  output('report-dir', reportDir);
  output('artifact', artifact);

  // The run's own output goes through; its last stderr line names a failure to judge.
  let stderrTail = '';
  /** @type {number} */
  const code = await new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'src', 'cli', 'bin.js'), ...runArgs({ ...inputs, reportDir })], {
      cwd: workspace,
      env: { ...env, CI: env.CI || 'true' },
      stdio: ['ignore', 'inherit', 'pipe'],
    });
    child.stderr.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4000);
    });
    child.once('error', (e) => {
      stderrTail = `conform: could not start: ${e.message}`;
      resolve(3);
    });
    child.once('close', (c, signal) => resolve(c ?? (signal ? 3 : 0)));
  });

  const summary = path.join(reportDir, 'summary.md');
  if (env.GITHUB_STEP_SUMMARY && existsSync(summary)) appendFileSync(env.GITHUB_STEP_SUMMARY, `${readFileSync(summary, 'utf8')}\n`);

  const json = path.join(reportDir, 'conformance.json');
  let outcome = code === 0 ? 'conforms' : code === 1 ? 'deviates' : code === 2 ? 'usage' : 'errored';
  if (existsSync(json)) {
    const result = /** @type {RunResult} */ (JSON.parse(readFileSync(json, 'utf8')));
    outcome = result.summary?.outcome ?? outcome;
    // inside the workspace (the suite checked out there): the path GitHub links; else the spec's path in this package
    /** @param {string} service */
    const specFile = (service) => {
      const inWorkspace = path.relative(workspace, path.join(ROOT, 'specs', `${service}.yaml`));
      return (inWorkspace.startsWith('..') || path.isAbsolute(inWorkspace) ? path.join('specs', `${service}.yaml`) : inWorkspace).split(path.sep).join('/');
    };
    for (const line of annotations(result, specFile)) process.stdout.write(`${line}\n`);
  }
  if (code >= 2) {
    const line = stderrTail.trim().split('\n').filter(Boolean).pop() ?? `conform run exited ${code}`;
    process.stdout.write(`::error title=${escapeProperty(`conformance run: exit ${code}`)}::${escapeData(line)}\n`);
  }
  output('outcome', outcome);
  process.exitCode = code;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
