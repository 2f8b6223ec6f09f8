import { describe, expect, it } from 'vitest';
import type { BaselineEntry } from '../config/baseline.ts';
import { baselineStatus } from './baseline-status.ts';
import type { OperationResult } from './types.ts';

const op = (operationId: string, checks: Array<[string, number, number, string?]>, skipped?: string): OperationResult => ({
  operationId,
  service: 'csms',
  method: 'GET',
  path: '/x',
  cases: 4,
  requests: 6,
  transportErrors: 0,
  authRefused: 0,
  ...(skipped ? { skipped } : {}),
  checks: checks.map(([check, judged, failures, reason]) => ({ check, title: check, verdict: failures > 0 ? 'failed' : judged > 0 ? 'passed' : 'skipped', judged, failures, errors: 0, ...(reason ? { reason } : {}) })),
});

const entry = (operation: string, check: string, expires: string): BaselineEntry => ({ operation, check, reason: `why ${check}`, expires });

describe('baselineStatus', () => {
  const operations = [
    op('ShowSecret', [
      ['masking', 0, 0, 'no masking rule for this operation'],
      ['content-type', 6, 0],
      ['metadata-only', 6, 2],
    ]),
    op('RotateSecret', [], 'mutating operation against a non-loopback target'),
  ];
  const today = '2026-06-01';

  it('an active entry that accepted failures needs no note', () => {
    expect(baselineStatus([entry('ShowSecret', 'metadata-only', '2026-06-02')], { operations }, today)).toEqual([]);
  });

  it('an entry is expired on its date: its failures count again', () => {
    expect(baselineStatus([entry('ShowSecret', 'metadata-only', '2026-06-01')], { operations }, today)).toEqual([
      { operationId: 'ShowSecret', check: 'metadata-only', reason: 'why metadata-only', expires: '2026-06-01', status: 'expired', failures: 2 },
    ]);
  });

  it('says why nothing could match: a check that judged nothing, a skipped or absent operation', () => {
    const notes = baselineStatus(
      [entry('ShowSecret', 'masking', '2027-01-01'), entry('RotateSecret', 'state-rotation', '2027-01-01'), entry('CreateApp', 'masking', '2020-01-01'), entry('ShowSecret', 'content-type', '2027-01-01')],
      { operations },
      today,
    );
    expect(notes.map((n) => [n.status, n.unjudged])).toEqual([
      ['unmatched', 'masking judged nothing for ShowSecret, no masking rule for this operation'],
      ['unmatched', 'RotateSecret was skipped: mutating operation against a non-loopback target'],
      ['expired', 'CreateApp did not run'],
      ['unmatched', undefined],
    ]);
  });
});
