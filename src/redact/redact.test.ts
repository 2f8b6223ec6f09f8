import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { createRedactor, findSecrets, REDACTED, secretEncodings } from './index.ts';

const secretArb = fc
  .oneof(
    fc.string({ unit: 'grapheme-ascii', minLength: 4, maxLength: 40 }),
    fc.string({ unit: 'binary', minLength: 4, maxLength: 24 }),
    fc.string({ unit: 'grapheme', minLength: 4, maxLength: 24 }),
    // token-like: long, base64-ish alphabet
    fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=-_'), minLength: 16, maxLength: 200 }),
  )
  .filter((s) => s.length >= 4 && !REDACTED.includes(s));

const textArb = fc.oneof(fc.string({ maxLength: 60 }), fc.string({ unit: 'binary', maxLength: 30 }));

function leaked(out: string, secret: string): string[] {
  return secretEncodings(secret)
    .filter((e) => out.includes(e.value))
    .map((e) => e.name);
}

describe('secretEncodings', () => {
  it('ignores secrets shorter than 4 characters', () => {
    expect(secretEncodings('abc')).toEqual([]);
    expect(secretEncodings('')).toEqual([]);
  });

  it('lists raw, JSON, URL, form and base64 forms, longest first, without duplicates', () => {
    const enc = secretEncodings('p@ss "wörd"/+');
    const byName = Object.fromEntries(enc.map((e) => [e.name, e.value]));
    expect(byName.raw).toBe('p@ss "wörd"/+');
    expect(byName.json).toBe('p@ss \\"wörd\\"/+');
    expect(byName['json-ascii']).toBe('p@ss \\"w\\u00f6rd\\"/+');
    expect(byName['json-slash']).toBe('p@ss \\"wörd\\"\\/+');
    expect(byName.url).toBe(encodeURIComponent('p@ss "wörd"/+'));
    expect(byName.form).toBe('p%40ss+%22w%C3%B6rd%22%2F%2B');
    expect(byName.base64).toBe(Buffer.from('p@ss "wörd"/+').toString('base64'));
    expect(byName.html).toBe('p@ss &quot;wörd&quot;/+');
    const values = enc.map((e) => e.value);
    expect(new Set(values).size).toBe(values.length);
    expect([...values].sort((a, b) => b.length - a.length)).toEqual(values);
  });

  it('collapses forms that are identical for a plain alphanumeric secret', () => {
    const names = secretEncodings('abcdef123456').map((e) => e.name);
    expect(names).toContain('raw');
    expect(names).not.toContain('json');
    expect(names).not.toContain('url');
  });
});

describe('createRedactor().text', () => {
  it('replaces a secret in each of its forms', () => {
    const secret = 'S3cr3t/Value+"x"';
    const r = createRedactor([secret]);
    for (const e of secretEncodings(secret)) {
      const out = r.text(`before ${e.value} after`);
      expect(out, e.name).toContain(REDACTED);
      expect(leaked(out, secret), e.name).toEqual([]);
    }
  });

  it('catches a secret inside a larger base64 blob at every alignment', () => {
    const secret = 'hunter2-is-the-password';
    const r = createRedactor([secret]);
    for (const pad of ['', 'a', 'ab', 'abc', 'abcd']) {
      const blob = Buffer.from(`{"user":"${pad}","password":"${secret}","n":1}`).toString('base64');
      const out = r.text(`Authorization-ish blob ${blob} end`);
      expect(out, `pad ${pad.length}`).toContain(REDACTED);
      expect(leaked(out, secret)).toEqual([]);
    }
  });

  it('ignores short secrets and the marker itself', () => {
    const r = createRedactor(['abc', 'DACT', '']);
    expect(r.text('abc DACT')).toBe('abc DACT');
  });

  it('replaces overlapping secrets whole', () => {
    const r = createRedactor(['abcdef', 'defghi']);
    expect(r.text('xxabcdefghiyy')).toBe(`xx${REDACTED}yy`);
  });

  it('redacts credential header values written in text, but not shell variables', () => {
    const r = createRedactor([]);
    expect(r.text('X-Auth-Token: MIIabc.def\nAccept: */*')).toBe(`X-Auth-Token: ${REDACTED}\nAccept: */*`);
    expect(r.text(`curl -H 'X-Auth-Token: $HWC_AUTH_TOKEN' -H 'Authorization: SDK-HMAC-SHA256 Access=AK, Signature=ab'`)).toBe(
      `curl -H 'X-Auth-Token: $HWC_AUTH_TOKEN' -H 'Authorization: ${REDACTED}'`,
    );
    expect(r.text('{"x-subject-token": "tok123", "a": "b"}')).toBe(`{"x-subject-token": "${REDACTED}", "a": "b"}`);
    expect(r.text('{\\"x-security-token\\": \\"tok123\\"}')).toBe(`{\\"x-security-token\\": \\"${REDACTED}\\"}`);
  });

  it('property: a random secret embedded in random text in any form leaves no form behind', () => {
    fc.assert(
      fc.property(secretArb, textArb, textArb, fc.nat(), (secret, before, after, pick) => {
        const forms = secretEncodings(secret);
        const form = forms[pick % forms.length];
        const out = createRedactor([secret]).text(before + form.value + after);
        expect(leaked(out, secret)).toEqual([]);
        expect(out).toContain(REDACTED);
      }),
      { numRuns: 300 },
    );
  });

  it('property: a secret inside random bytes, base64-encoded, is caught', () => {
    fc.assert(
      fc.property(
        secretArb,
        fc.uint8Array({ maxLength: 12 }),
        fc.uint8Array({ maxLength: 12 }),
        fc.boolean(),
        textArb,
        (secret, pre, post, url, around) => {
          const blob = Buffer.concat([pre, Buffer.from(secret), post]).toString(url ? 'base64url' : 'base64');
          const out = createRedactor([secret]).text(`${around}${blob}${around}`);
          expect(leaked(out, secret)).toEqual([]);
          if (Buffer.byteLength(secret) >= 6) expect(out).toContain(REDACTED);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('property: several secrets at once', () => {
    fc.assert(
      fc.property(fc.array(secretArb, { minLength: 1, maxLength: 4 }), textArb, fc.nat(), (secrets, filler, pick) => {
        const text = secrets
          .map((s, i) => {
            const forms = secretEncodings(s);
            return filler + forms[(pick + i) % forms.length].value;
          })
          .join(' ');
        const out = createRedactor(secrets).text(text);
        for (const s of secrets) expect(leaked(out, s)).toEqual([]);
      }),
      { numRuns: 150 },
    );
  });
});

describe('createRedactor().headers', () => {
  it('replaces credential headers whole, whatever their case or value', () => {
    const r = createRedactor(['known-secret-value']);
    const out = r.headers({
      'X-Auth-Token': 'anything',
      authorization: 'SDK-HMAC-SHA256 Access=AK',
      'x-security-token': 'x',
      'X-Subject-Token': 'y',
      'content-type': 'application/json',
      'x-echo': 'was known-secret-value',
    });
    expect(out).toEqual({
      'X-Auth-Token': REDACTED,
      authorization: REDACTED,
      'x-security-token': REDACTED,
      'X-Subject-Token': REDACTED,
      'content-type': 'application/json',
      'x-echo': `was ${REDACTED}`,
    });
  });
});

describe('createRedactor().value', () => {
  it('redacts strings and keys deeply and never mutates the input', () => {
    const secret = 'tok-1234567890';
    const input = Object.freeze({
      n: 1,
      ok: true,
      nil: null,
      list: Object.freeze([`a ${secret}`, 2]),
      headers: Object.freeze({ 'x-auth-token': 'unknown-token', accept: '*/*' }),
      [secret]: 'key was secret',
      nested: Object.freeze({ body: JSON.stringify({ s: secret }) }),
    });
    const snapshot = JSON.stringify(input);
    const out = createRedactor([secret]).value(input);
    expect(JSON.stringify(input)).toBe(snapshot);
    expect(out).toEqual({
      n: 1,
      ok: true,
      nil: null,
      list: [`a ${REDACTED}`, 2],
      headers: { 'x-auth-token': REDACTED, accept: '*/*' },
      [REDACTED]: 'key was secret',
      nested: { body: `{"s":"${REDACTED}"}` },
    });
    expect(out).not.toBe(input);
  });

  it('survives cycles', () => {
    const a: Record<string, unknown> = { s: 'x' };
    a.self = a;
    expect(createRedactor([]).value(a)).toEqual({ s: 'x', self: '[Circular]' });
  });
});

describe('findSecrets', () => {
  it('says which secret occurs in which form', () => {
    const a = 'alpha-secret';
    const b = 'beta "secret"';
    const text = `x ${Buffer.from(b).toString('base64')} y ${JSON.stringify(b)} z ${a}`;
    const found = findSecrets(text, ['abc', a, b]);
    expect(found.map((f) => [f.index, f.encoding])).toEqual([
      [1, 'raw'],
      [2, 'base64'],
      [2, 'json'],
    ]);
  });

  it('finds nothing in clean text', () => {
    expect(findSecrets('nothing here', ['s3cret-value'])).toEqual([]);
  });
});
