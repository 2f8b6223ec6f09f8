/**
 * The probes sent after an operation's generated cases (run/phases/main.ts, and everything that
 * lists or rebuilds it: --dry-run, the bench): every path parameter (path-cases.ts), the length
 * readings and a duplicate of one custom value per region-optional field (reading-cases.ts).
 * Each is built from what the generated cases offer: a valid body, a custom value.
 */
import type { Case } from './types.ts';
import type { FixtureKey, Operation } from '../spec/types.ts';
import { pathCaseCount, pathCases } from './path-cases.ts';
import { duplicateCase, readingCaseCount, readingCases, regionOptionalFields } from './reading-cases.ts';

export class Probes {
  private valid: Case | undefined;
  private readonly custom = new Map<string, Case>();
  private readonly fields: readonly string[];

  constructor(
    private readonly op: Operation,
    private readonly fixtures: Readonly<Record<FixtureKey, string>>,
  ) {
    this.fields = regionOptionalFields(op);
  }

  /** How many probes the operation gets, known before its cases are (progress totals). */
  static count(op: Operation): number {
    return pathCaseCount(op) + readingCaseCount(op) + regionOptionalFields(op).length;
  }

  /** Offers a generated case, in generation order, as sent (names made unique). */
  offer(c: Case): void {
    if (c.expect !== 'accept' || c.auth) return;
    if (!this.valid && !c.regionOptional?.length) this.valid = c;
    const only = c.regionOptional?.length === 1 ? c.regionOptional[0]! : undefined;
    if (only && this.fields.includes(only) && !this.custom.has(only)) this.custom.set(only, c);
  }

  /** The first valid case without a region-optional field (auth cases reuse it). */
  get validCase(): Case | undefined {
    return this.valid;
  }

  *cases(): Generator<Case> {
    yield* pathCases(this.op, this.valid, this.fixtures);
    yield* readingCases(this.op, this.valid);
    for (const [field, original] of this.custom) yield duplicateCase(this.op, original, field);
  }
}
