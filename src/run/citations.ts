/**
 * Citations a reader can follow: each source in a run result (the rule of a failure, the
 * constraint a case broke) gets the public page its seed document is a copy of, from the
 * specs' `x-hwc-documents`. The seed file name stays, as the local copy.
 */
import type { Source, Spec } from '../spec/types.ts';
import type { FailureRecord } from './types.ts';

/** Cites a failure record's sources (its rule, the constraint its case broke) from the specs' pages. */
export function citer(specs: readonly Spec[]): (f: FailureRecord) => FailureRecord {
  const pages = Object.assign({}, ...specs.map((s) => s.documents)) as Spec['documents'];
  const cite = (s: Source): Source => {
    const page = pages[s.doc];
    return page && !s.page ? { ...s, page } : s;
  };
  return (f) => ({
    ...f,
    source: cite(f.source),
    case: f.case.violation ? { ...f.case, violation: { ...f.case.violation, source: cite(f.case.violation.source) } } : f.case,
  });
}
