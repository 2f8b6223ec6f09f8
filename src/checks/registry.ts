/**
 * The one registry of checks. Config `checks:` may enable or disable these names only; an
 * unknown name is a configuration error listing them.
 */
import { acceptsValid } from './accepts-valid.ts';
import { authRequired } from './auth-required.ts';
import { contentType } from './content-type.ts';
import { errorShape } from './error-shape.ts';
import { identifies } from './identifies.ts';
import { masking } from './masking.ts';
import { metadataOnly } from './metadata-only.ts';
import { movesLabel } from './moves-label.ts';
import { noServerError } from './no-server-error.ts';
import { readsBack } from './reads-back.ts';
import { rejectsInvalid } from './rejects-invalid.ts';
import { responseSchema } from './response-schema.ts';
import { secretLeak } from './secret-leak.ts';
import { stateCertificateImmutable } from './state-certificate-immutable.ts';
import { stateCommonNotRotatable } from './state-common-not-rotatable.ts';
import { stateResetAdvances } from './state-reset-advances.ts';
import { stateRotation } from './state-rotation.ts';
import { statusDocumented } from './status-documented.ts';
import { reflects } from './reflects.ts';
import { stateUnchanged } from './state-unchanged.ts';
import { stateRefusal } from './state-refusal.ts';
import { optionalConsistent } from './optional-consistent.ts';
import type { Check } from './types.ts';

export const CHECKS: readonly Check[] = Object.freeze([
  noServerError,
  statusDocumented,
  acceptsValid,
  rejectsInvalid,
  responseSchema,
  contentType,
  errorShape,
  masking,
  secretLeak,
  metadataOnly,
  identifies,
  authRequired,
  stateRotation,
  stateCommonNotRotatable,
  stateResetAdvances,
  stateCertificateImmutable,
  stateUnchanged,
  reflects,
  stateRefusal,
  optionalConsistent,
  readsBack,
  movesLabel,
]);

export const CHECK_NAMES: readonly string[] = Object.freeze(CHECKS.map((c) => c.name));

/** The checks a run uses: all, minus those the config disables. */
export function selectChecks(enabled: Readonly<Record<string, boolean>> = {}): Check[] {
  return CHECKS.filter((c) => enabled[c.name] !== false);
}
