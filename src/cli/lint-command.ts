/** `conform lint [DIR|FILE…]`: load and validate the specs; one line per spec, or the one error. */
import { stat } from 'node:fs/promises';
import { ConformError, EXIT } from '../errors.ts';
import { loadSpec, loadSpecs } from '../spec/index.ts';
import type { Spec } from '../spec/types.ts';
import { formatHelp, wantsHelp, type CommandHelp } from '../help.ts';

export const HELP: CommandHelp = {
  name: 'lint',
  summary: 'validate specs: YAML, OpenAPI 3.1, $refs and every x-hwc-* extension; one line per spec',
  usage: 'conform lint [DIR|FILE…]',
  options: [{ flag: 'DIR|FILE…', description: 'spec files, or folders whose every spec is linted', default: "the specs/ the suite runs" }],
  example: 'conform lint specs/apig.yaml',
};
const USAGE = `usage: ${HELP.usage}`;

export async function lintCommand(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp(HELP));
    return EXIT.conforms;
  }
  const option = argv.find((a) => a.startsWith('-'));
  if (option) throw new ConformError('CONFORM_USAGE', `unknown option '${option}'; ${USAGE}`);
  const specs = argv.length > 0 ? (await Promise.all(argv.map(load))).flat() : await loadSpecs();
  for (const s of specs) {
    const rules = s.operations.reduce((n, o) => n + o.rules.length, 0);
    process.stdout.write(`ok ${s.file}: ${s.operations.map((o) => o.id).join(', ')} (${rules} ${rules === 1 ? 'rule' : 'rules'})\n`);
  }
  return EXIT.conforms;
}

/** A directory is linted like specs/ (every spec in it); anything else as one spec file. */
async function load(path: string): Promise<Spec[]> {
  const isDir = await stat(path).then((s) => s.isDirectory(), () => false);
  return isDir ? loadSpecs(path) : [await loadSpec(path)];
}
