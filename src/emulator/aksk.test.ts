import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { canonicalQuery, canonicalUri, parseQuery, verifySignature, type SignedRequest } from './aksk.ts';

interface Vector {
  id: string;
  ak: string;
  sk: string;
  request: {
    method: string;
    path: string;
    query: [string, string][];
    body_utf8: string;
    headers_given_to_signer: Record<string, string>;
    scheme_host: string;
  };
  expected: { authorization: string; signature: string; signed_headers: string };
}

const data = JSON.parse(readFileSync(new URL('./testdata/aksk-vectors.json', import.meta.url), 'utf8')) as {
  vectors: Vector[];
  canonicalization_vectors: Array<Record<string, any>>;
};

/** The request as a server would receive it after the signer sent it. */
function wireRequest(v: Vector): { request: SignedRequest; now: number } {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(v.request.headers_given_to_signer)) headers[name.toLowerCase()] = value;
  headers.host ??= v.request.scheme_host;
  headers.authorization = v.expected.authorization;
  const query = v.request.query.map(([k, val]) => `${encodeURIComponent(k)}=${encodeURIComponent(val)}`).join('&');
  const date = headers['x-sdk-date'];
  const now = Date.UTC(+date.slice(0, 4), +date.slice(4, 6) - 1, +date.slice(6, 8), +date.slice(9, 11), +date.slice(11, 13), +date.slice(13, 15));
  return {
    request: { method: v.request.method, path: v.request.path || '/', query, headers, body: Buffer.from(v.request.body_utf8, 'utf8') },
    now,
  };
}

const verify = (v: Vector, request: SignedRequest, now: number) => verifySignature(request, { accessKey: v.ak, secretKey: v.sk, now });

describe('SDK-HMAC-SHA256 verification against the official vectors', () => {
  it('has the vectors', () => {
    expect(data.vectors.length).toBeGreaterThanOrEqual(20);
  });

  describe.each(data.vectors.map((v) => [v.id, v] as const))('%s', (_, v) => {
    const { request, now } = wireRequest(v);

    it('accepts the signed request', () => {
      expect(verify(v, request, now)).toEqual({ ok: true });
    });

    it('rejects a tampered signature', () => {
      const sig = v.expected.signature;
      const flipped = sig.slice(0, -1) + (sig.endsWith('0') ? '1' : '0');
      const headers = { ...request.headers, authorization: v.expected.authorization.replace(sig, flipped) };
      expect(verify(v, { ...request, headers }, now).ok).toBe(false);
    });

    it('rejects a tampered body, path, method or query', () => {
      expect(verify(v, { ...request, body: Buffer.from(`${v.request.body_utf8} `) }, now).ok).toBe(false);
      expect(verify(v, { ...request, path: `${request.path}x` }, now).ok).toBe(false);
      expect(verify(v, { ...request, method: request.method === 'GET' ? 'DELETE' : 'GET' }, now).ok).toBe(false);
      expect(verify(v, { ...request, query: request.query ? `${request.query}&z=1` : 'z=1' }, now).ok).toBe(false);
    });

    it('rejects a wrong secret key or access key', () => {
      expect(verifySignature(request, { accessKey: v.ak, secretKey: `${v.sk}x`, now }).ok).toBe(false);
      expect(verifySignature(request, { accessKey: `${v.ak}x`, secretKey: v.sk, now }).ok).toBe(false);
    });

    it('accepts X-Sdk-Date within 15 minutes and rejects it beyond', () => {
      expect(verify(v, request, now + 14 * 60_000).ok).toBe(true);
      expect(verify(v, request, now - 14 * 60_000).ok).toBe(true);
      expect(verify(v, request, now + 16 * 60_000).ok).toBe(false);
      expect(verify(v, request, now - 16 * 60_000).ok).toBe(false);
    });
  });

  it('rejects a signed header that is missing and an Authorization that is not SDK-HMAC-SHA256', () => {
    const v = data.vectors.find((x) => x.expected.signed_headers.includes('host'))!;
    const { request, now } = wireRequest(v);
    const { host: _, ...withoutHost } = request.headers;
    expect(verify(v, { ...request, headers: withoutHost }, now).ok).toBe(false);
    const bearer = { ...request.headers, authorization: 'Bearer abc' };
    expect(verify(v, { ...request, headers: bearer }, now).ok).toBe(false);
    const { 'x-sdk-date': __, ...withoutDate } = request.headers;
    expect(verify(v, { ...request, headers: withoutDate }, now).ok).toBe(false);
  });
});

describe('canonicalisation vectors', () => {
  const byId = new Map(data.canonicalization_vectors.map((v) => [v.id as string, v]));

  it('go-canonicalQueryString: sorted, repeated keys, RFC 3986 escaping', () => {
    const v = byId.get('go-canonicalQueryString')!;
    const raw = (v.input_query as [string, unknown][])
      .flatMap(([k, value]) => (Array.isArray(value) ? value : [value]).map((x) => `${encodeURIComponent(k)}=${encodeURIComponent(String(x))}`))
      .join('&');
    expect(canonicalQuery(parseQuery(raw))).toBe(v.expected);
  });

  it('apig-go-signer-CanonicalURI', () => {
    const v = byId.get('apig-go-signer-CanonicalURI')!;
    expect(canonicalUri(v.input_path)).toBe(v.expected);
  });

  it('apig-go-signer-CanonicalQueryString', () => {
    const v = byId.get('apig-go-signer-CanonicalQueryString')!;
    expect(canonicalQuery(parseQuery(v.input_raw_query))).toBe(v.expected);
  });

  it('empty-body-sha256', () => {
    expect(createHash('sha256').update('').digest('hex')).toBe(byId.get('empty-body-sha256')!.expected);
  });
});
