/**
 * Every problem with a spec file becomes one ConformError whose `where` is `file#pointer`, so a
 * user can jump to the place; the YAML line, when known, goes into the one-line message.
 */
import path from 'node:path';
import { ConformError, type ErrorCode } from '../errors.ts';

export type SpecErrorCode = Extract<
  ErrorCode,
  'CONFORM_SPEC_YAML' | 'CONFORM_SPEC_OPENAPI' | 'CONFORM_SPEC_REF' | 'CONFORM_SPEC_EXTENSION'
>;

/** The file as the user named it: relative to the working directory when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

export function specError(
  code: SpecErrorCode,
  file: string,
  pointer: string,
  message: string,
  options: { line?: number; cause?: unknown } = {},
): ConformError {
  const at = options.line === undefined ? '' : ` (line ${options.line})`;
  const oneLine = `${message.replace(/\s*\n\s*/g, ' ').trim()}${at}`;
  return new ConformError(code, oneLine, { where: `${displayPath(file)}#${pointer}`, cause: options.cause });
}
