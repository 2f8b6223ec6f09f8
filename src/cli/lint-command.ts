/** `conform lint [DIR|FILE…]`: load and validate the specs; one line per spec, or the one error. */
import { EXIT } from '../errors.ts';
import { loadSpec, loadSpecs } from '../spec/index.ts';

export async function lintCommand(argv: string[]): Promise<number> {
  const files = argv.filter((a) => !a.startsWith('-'));
  const specs = files.length > 0 ? await Promise.all(files.map((f) => loadSpec(f))) : await loadSpecs();
  for (const s of specs) {
    const rules = s.operations.reduce((n, o) => n + o.rules.length, 0);
    process.stdout.write(`ok ${s.file}: ${s.operations.map((o) => o.id).join(', ')} (${rules} rules)\n`);
  }
  return EXIT.conforms;
}
