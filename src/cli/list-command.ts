/** `conform list`: the operations the specs define and the checks the registry holds. */
import { CHECKS } from '../checks/registry.ts';
import { ConformError, EXIT } from '../errors.ts';
import { loadSpecs } from '../spec/index.ts';
import type { Operation } from '../spec/types.ts';
import { formatHelp, wantsHelp, type CommandHelp } from '../help.ts';

export const HELP: CommandHelp = {
  name: 'list',
  summary: 'list the operations the specs define and the checks the suite runs',
  usage: 'conform list',
  options: [],
  example: 'conform list',
};

export async function listCommand(argv: string[]): Promise<number> {
  if (wantsHelp(argv)) {
    process.stdout.write(formatHelp(HELP));
    return EXIT.conforms;
  }
  if (argv.length > 0) throw new ConformError('CONFORM_USAGE', `conform list takes no arguments, got '${argv[0]}'`);
  const specs = await loadSpecs();
  const out: string[] = ['operations:'];
  for (const s of specs) {
    for (const o of s.operations) out.push(`  ${o.id.padEnd(18)} ${o.service.padEnd(5)} ${o.method.padEnd(5)} ${o.path}${o.mutating ? '  (mutating)' : ''}${o.role === 'support' ? '  (supporting: runs when named)' : ''}${createsText(o)}`);
  }
  out.push('', 'checks:');
  const width = Math.max(...CHECKS.map((c) => c.name.length));
  for (const c of CHECKS) out.push(`  ${c.name.padEnd(width)} ${c.title}`);
  process.stdout.write(`${out.join('\n')}\n`);
  return EXIT.conforms;
}

/** `  (creates: deleted with DeleteApp; throwaway for apig.sharedAppId, …)` */
function createsText(o: Operation): string {
  if (!o.creates) return '';
  const stands = o.creates.throwaway.map((t) => t.fixture);
  return `  (creates: deleted with ${o.creates.delete.observer}${stands.length ? `; throwaway for ${stands.join(', ')}` : ''})`;
}
