/**
 * `conform init [--emulator URL | --region REGION] [--output FILE]`: writes a commented
 * conform.yaml for the embedded emulator, the user's own emulator or a live region. It never
 * overwrites a file: configuration someone wrote by hand is not ours to replace.
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DEFAULT_CONFIG_FILE } from '../config/index.ts';
import { ConformError, EXIT } from '../errors.ts';
import { formatHelp, type CommandHelp } from '../help.ts';
import { configTemplate } from './init-templates.ts';

export const HELP: CommandHelp = {
  name: 'init',
  summary: 'write a commented conform.yaml (embedded emulator, your emulator or a region)',
  usage: 'conform init [--emulator URL | --region REGION] [--output FILE]',
  options: [
    { flag: '--emulator', value: 'URL', description: 'for your own emulator at URL (token and resource ids from the environment)', default: 'the embedded emulator, no target' },
    { flag: '--region', value: 'REGION', description: 'for a Huawei Cloud region, signed with AK/SK (e.g. cn-north-4)', default: 'none' },
    { flag: '--output', value: 'FILE', description: 'where to write; an existing file is never overwritten', default: DEFAULT_CONFIG_FILE },
  ],
  example: 'conform init --emulator http://127.0.0.1:4010',
};

export async function initCommand(argv: string[]): Promise<number> {
  let values: { emulator?: string; region?: string; output?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { emulator: { type: 'string' }, region: { type: 'string' }, output: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    throw new ConformError('CONFORM_USAGE', `conform init: ${String((e as Error).message).split('\n')[0]}`);
  }
  if (values.help) {
    process.stdout.write(formatHelp(HELP));
    return EXIT.conforms;
  }
  if (values.emulator !== undefined && values.region !== undefined) {
    throw new ConformError('CONFORM_USAGE', 'conform init: give --emulator URL or --region REGION, not both');
  }
  if (values.emulator !== undefined && !/^https?:\/\/[^\s/]+/.test(values.emulator)) {
    throw new ConformError('CONFORM_USAGE', `conform init: --emulator expects an http(s) URL, got '${values.emulator}'`);
  }
  if (values.region !== undefined && !/^[a-z]{2}(-[a-z0-9]+)+$/.test(values.region)) {
    throw new ConformError('CONFORM_USAGE', `conform init: --region expects a region id such as cn-north-4, got '${values.region}'`);
  }
  const text =
    values.emulator !== undefined
      ? configTemplate('emulator', values.emulator.replace(/\/+$/, ''))
      : values.region !== undefined
        ? configTemplate('live', values.region)
        : configTemplate('embedded');
  const file = values.output ?? DEFAULT_CONFIG_FILE;
  try {
    await writeFile(file, text, { encoding: 'utf8', flag: 'wx' });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ConformError('CONFORM_USAGE', `${file} exists; conform init never overwrites a file (remove it, or choose another with --output FILE)`);
    throw new ConformError('CONFORM_CONFIG', `cannot write ${file}: ${(e as Error).message}`);
  }
  process.stdout.write(`wrote ${file}\n`);
  return EXIT.conforms;
}
