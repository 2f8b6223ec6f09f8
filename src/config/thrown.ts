import { ConformError } from '../errors.ts';

/** The ConformError `fn` throws (test support for the config tests); anything else is rethrown. */
export function thrownConformError(fn: () => unknown): ConformError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConformError) return e;
    throw e;
  }
  throw new Error('expected a ConformError');
}
