/**
 * What the main phase shows about each region-optional field ("只支持部分region自定义"): how the
 * target answered valid custom values, for the optional-feature-consistent check, which judges
 * those cases after the main phase with all of it in.
 */
import type { OptionalEvidence } from '../checks/types.ts';
import type { Exchange } from '../execute/types.ts';
import type { Operation } from '../spec/types.ts';

interface Mutable {
  accepted?: string;
  refused?: string;
  echoed?: string;
  changed?: string;
  duplicateAccepted?: string;
  sent: Map<string, number>;
}

export class OptionalLedger {
  private readonly byField = new Map<string, Mutable>();

  private entry(key: string): Mutable {
    let e = this.byField.get(key);
    if (!e) this.byField.set(key, (e = { sent: new Map() }));
    return e;
  }

  /**
   * A value accepted a second time shows the target takes duplicates: then a refused valid value
   * cannot be a duplicate (of this run's or of an earlier run's, on a live target).
   */
  private duplicates(op: Operation, ex: Exchange): void {
    const c = ex.case;
    const status = ex.response.status;
    if (c.auth || c.body.kind !== 'json' || !c.regionOptional?.length || status < 200 || status >= 300) return;
    for (const field of c.regionOptional) {
      const value = (c.body.value as Record<string, unknown> | null)?.[field];
      if (typeof value !== 'string') continue;
      const key = `${op.id}.${field}`;
      let values = this.accepted.get(key);
      if (!values) this.accepted.set(key, (values = new Set()));
      if (values.has(value)) this.entry(key).duplicateAccepted ??= c.id;
      values.add(value);
    }
  }

  get evidence(): ReadonlyMap<string, OptionalEvidence> {
    return this.byField;
  }

  /** Whether the case is judged with this evidence (so held until the main phase is over). */
  static concerns(c: Exchange['case']): boolean {
    return c.expect === 'accept' && !c.auth && c.regionOptional?.length === 1 && c.body.kind === 'json';
  }

  /** every value of each field the run sent in a request the target accepted, to spot duplicates */
  private readonly accepted = new Map<string, Set<string>>();

  observe(op: Operation, ex: Exchange): void {
    const c = ex.case;
    this.duplicates(op, ex);
    if (!OptionalLedger.concerns(c)) return;
    const field = c.regionOptional![0]!;
    const value = (c.body as { value: Record<string, unknown> | null }).value?.[field];
    if (typeof value !== 'string') return;
    const key = `${op.id}.${field}`;
    const e = this.entry(key);
    e.sent.set(value, (e.sent.get(value) ?? 0) + 1);
    const status = ex.response.status;
    if (status >= 200 && status < 300) {
      e.accepted ??= c.id;
      const back = (ex.response.json as Record<string, unknown> | null)?.[field];
      if (typeof back === 'string' && !/^\*+$/.test(back)) {
        if (back === value) e.echoed ??= c.id;
        else e.changed ??= c.id;
      }
    } else if (status >= 400 && status < 500 && op.responses.some((r) => r.status === status)) {
      e.refused ??= c.id;
    }
  }
}
