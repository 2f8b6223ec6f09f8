/**
 * `conform merge DIR… [--report-dir DIR] [--format LIST]`: the reports of the shards of one
 * run (`conform run --shard i/n`, each DIR holding its conformance.json) written as the four
 * reports of one run. Exit code as `conform run`: 0 conforms, 1 deviations, 3 errors; 2 when
 * the reports are not the shards of one run.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULTS, REPORT_FORMATS, type ReportFormat } from '../config/index.ts';
import { ConformError, EXIT } from '../errors.ts';
import { formatHelp, type CommandHelp } from '../help.ts';
import { finalSummary, writeReports } from '../report/index.ts';
import { mergeResults } from '../run/merge.ts';
import type { RunResult } from '../run/types.ts';

export const HELP: CommandHelp = {
  name: 'merge',
  summary: 'merge the reports of the shards of one run (run --shard i/n) into one set',
  usage: 'conform merge DIR... [options]',
  options: [
    { flag: 'DIR...', description: 'the report folders of the shards of one run (conform run --shard i/n), each with conformance.json', default: 'none: at least one is needed' },
    { flag: '--report-dir', value: 'DIR', description: 'where the merged reports go', default: `${DEFAULTS.report.dir}/` },
    { flag: '--format', value: 'LIST', description: 'report formats (html,json,junit,md)', default: 'all' },
  ],
  example: 'conform merge shard-1 shard-2 shard-3 --report-dir reports',
};

async function readResult(dir: string): Promise<{ from: string; result: RunResult }> {
  const file = dir.endsWith('.json') ? dir : path.join(dir, 'conformance.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new ConformError('CONFORM_USAGE', `conform merge: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  try {
    const result = JSON.parse(text) as RunResult;
    if (!Array.isArray(result.operations) || typeof result.seed !== 'number' || !result.tool) throw new Error('not a conformance.json');
    return { from: file, result };
  } catch (e) {
    throw new ConformError('CONFORM_USAGE', `conform merge: ${file} is not a conformance.json of conform run (${(e as Error).message.split('\n')[0]})`);
  }
}

export async function mergeCommand(argv: string[]): Promise<number> {
  let parsed: { values: { 'report-dir'?: string; format?: string; help?: boolean }; positionals: string[] };
  try {
    parsed = parseArgs({
      args: argv,
      options: { 'report-dir': { type: 'string' }, format: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: true,
    });
  } catch (e) {
    throw new ConformError('CONFORM_USAGE', `conform merge: ${String((e as Error).message).split('\n')[0]}`);
  }
  if (parsed.values.help) {
    process.stdout.write(formatHelp(HELP));
    return EXIT.conforms;
  }
  if (parsed.positionals.length === 0) throw new ConformError('CONFORM_USAGE', 'conform merge: name the report folders of the shards (conform merge DIR...)');
  const formats = (parsed.values.format ?? REPORT_FORMATS.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = formats.find((f) => !REPORT_FORMATS.includes(f as ReportFormat));
  if (unknown !== undefined || formats.length === 0) throw new ConformError('CONFORM_USAGE', `conform merge: unknown report format '${unknown ?? ''}'; known: ${REPORT_FORMATS.join(', ')}`);

  const inputs = await Promise.all(parsed.positionals.map(readResult));
  const result = mergeResults(inputs);
  const files = await writeReports(result, parsed.values['report-dir'] ?? DEFAULTS.report.dir, formats);
  process.stdout.write(`merged ${inputs.length} shards\n${finalSummary(result, files)}`);
  if (result.summary.outcome === 'errored') return EXIT.target;
  return result.summary.outcome === 'deviates' ? EXIT.deviations : EXIT.conforms;
}
