/**
 * The forms a secret can take on the wire. A secret leaks if any of them appears: raw, inside
 * a JSON string, URL-encoded, or base64 (standard or URL-safe, padded or not).
 */
export function secretEncodings(secret: string): readonly string[] {
  const hit = memo.get(secret);
  if (hit) return hit;
  const forms = new Set<string>([secret]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
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
