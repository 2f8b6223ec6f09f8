import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBaseline, matchBaseline, parseBaseline, type BaselineEntry } from './baseline.ts';
import { thrownConformError } from './thrown.ts';

const TEXT = `# accepted deviations
- operation: CreateApp
  check: masking
  reason: APIG-1234, vendor confirms the console masks but the API does not
  expires: 2025-07-01
- { operation: ShowSecret, check: schema, reason: "CSMS-7: extra field", expires: "2025-01-31" }
`;

const failure = thrownConformError;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('parseBaseline', () => {
  it('reads a list of entries', () => {
    const entries = parseBaseline(TEXT, 'known.yaml');
    expect(entries).toEqual([
      { operation: 'CreateApp', check: 'masking', reason: 'APIG-1234, vendor confirms the console masks but the API does not', expires: '2025-07-01' },
      { operation: 'ShowSecret', check: 'schema', reason: 'CSMS-7: extra field', expires: '2025-01-31' },
    ]);
    expect(Object.isFrozen(entries)).toBe(true);
    expect(Object.isFrozen(entries[0])).toBe(true);
    expect(parseBaseline('', 'empty.yaml')).toEqual([]);
  });

  it.each([
    ['- { operation: A, check: c, reason: r, expires: 2025-01-01, owner: me }\n', "unknown key 'owner' in baseline entry 1; known: operation, check, reason, expires", 'b.yaml:1'],
    ['- { operation: A, check: c, reason: r }\n', "baseline entry 1: missing 'expires'", 'b.yaml:1'],
    ['- { operation: A, check: c, reason: r, expires: next year }\n', 'baseline entry 1 expires: the string "next year" is not a date, YYYY-MM-DD', 'b.yaml:1'],
    ['- { operation: A, check: c, reason: r, expires: 2025-02-30 }\n', "baseline entry 1: expires '2025-02-30' is not a calendar date", 'b.yaml:1'],
    ['operation: A\n', 'a baseline is a list of entries: - { operation, check, reason, expires: YYYY-MM-DD }', 'b.yaml:1'],
    [
      '- { operation: A, check: c, reason: r, expires: 2025-01-01 }\n- { operation: A, check: c, reason: s, expires: 2026-01-01 }\n',
      'baseline entries 1 and 2 both accept A · c; keep one',
      'b.yaml:2',
    ],
  ])('rejects %j', (text, message, where) => {
    const e = failure(() => parseBaseline(text, 'b.yaml'));
    expect(e.code).toBe('CONFORM_BASELINE');
    expect(e.message).toBe(message);
    expect(e.where).toBe(where);
  });

  it('rejects names the run does not know, when told them', () => {
    const options = { knownOperations: ['CreateApp', 'ShowSecret'], knownChecks: ['masking'] };
    expect(failure(() => parseBaseline(TEXT, 'b.yaml', options)).message).toBe("baseline entry 2: unknown check 'schema'; known: masking");
  });
});

describe('loadBaseline', () => {
  it('reads a file; a missing file is CONFORM_BASELINE', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'conform-baseline-'));
    dirs.push(dir);
    const file = path.join(dir, 'known-deviations.yaml');
    writeFileSync(file, TEXT);
    expect(await loadBaseline(file)).toHaveLength(2);
    await expect(loadBaseline(path.join(dir, 'nope.yaml'))).rejects.toMatchObject({ code: 'CONFORM_BASELINE', message: 'baseline file not found' });
  });
});

describe('matchBaseline', () => {
  const entries: BaselineEntry[] = [
    { operation: 'CreateApp', check: 'masking', reason: 'APIG-1234', expires: '2025-07-01' },
    { operation: 'ShowSecret', check: 'schema', reason: 'CSMS-7', expires: '2025-01-31' },
  ];
  const failures = Object.freeze([
    Object.freeze({ operationId: 'CreateApp', check: 'masking', caseId: 'a' }),
    Object.freeze({ operationId: 'CreateApp', check: 'schema', caseId: 'b' }),
    Object.freeze({ operationId: 'ShowSecret', check: 'schema', caseId: 'c' }),
  ]);

  it('an entry applies through the day before it expires, not on the day', () => {
    expect(matchBaseline(entries, failures[0], '2025-06-30')).toEqual({ reason: 'APIG-1234', expires: '2025-07-01' });
    expect(matchBaseline(entries, failures[0], '2025-07-01')).toBeUndefined();
    expect(matchBaseline(entries, failures[1], '2025-01-01')).toBeUndefined();
    expect(matchBaseline(entries, failures[2], '2025-01-30')).toEqual({ reason: 'CSMS-7', expires: '2025-01-31' });
    expect(matchBaseline(entries, failures[2], '2025-03-01')).toBeUndefined();
  });

  it('refuses a malformed today', () => {
    expect(() => matchBaseline(entries, failures[0], '1 March')).toThrow(TypeError);
  });
});
