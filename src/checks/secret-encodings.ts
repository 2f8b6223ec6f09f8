/**
 * The forms a secret can take on the wire. A secret leaks if any of them appears: raw, inside
 * a JSON string (or a JSON string inside one), URL-encoded, base64 (standard or URL-safe, padded
 * or not) or hex. Secrets inside an encoded *container* (base64 of a JSON body) are found by
 * decoding the container: nested-secrets.ts.
 */
export function secretEncodings(secret: string): readonly string[] {
  const hit = memo.get(secret);
  if (hit) return hit;
  const forms = new Set<string>([secret]);
  const escaped = JSON.stringify(secret).slice(1, -1);
  forms.add(escaped);
  // a JSON document held in a JSON string (a "detail" field carrying the request, say)
  forms.add(JSON.stringify(escaped).slice(1, -1));
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  const hex = Buffer.from(secret, 'utf8').toString('hex');
  forms.add(hex);
  forms.add(hex.toUpperCase());
  const out = Object.freeze([...forms]);
  // The known secrets recur on every exchange; sent ones mostly once. A bounded memo keeps both cheap.
  if (memo.size >= MEMO_SIZE) memo.clear();
  memo.set(secret, out);
  return out;
}

const MEMO_SIZE = 1024;
const memo = new Map<string, readonly string[]>();

/** Shorter values occur by chance in ordinary text; they cannot be judged. */
export const MIN_SECRET_LENGTH = 6;
