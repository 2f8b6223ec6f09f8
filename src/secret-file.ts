/**
 * A credential read from a file (`--secret-key-file`, `HWC_SECRET_KEY_FILE`): a value given on
 * the command line is visible to every user of the machine through `ps`, and one in the
 * environment to anything that can read the process's environment; a file can be readable by
 * its owner only (a CI secret, a mounted Kubernetes or Docker secret).
 */
import { readFileSync } from 'node:fs';
import { ConformError } from './errors.ts';

/**
 * The file's content without its final line break. A missing, unreadable or empty file is a
 * CONFORM_USAGE error naming the file and `what` it was to hold, never its content.
 */
export function readSecretFile(file: string, what: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unreadable';
    throw new ConformError('CONFORM_USAGE', `cannot read the ${what} from ${file} (${code})`);
  }
  const value = text.replace(/\r?\n$/, '');
  if (value.trim() === '') throw new ConformError('CONFORM_USAGE', `${file} holds no ${what}: the file is empty`);
  return value;
}
