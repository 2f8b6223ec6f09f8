/**
 * The forms a secret can take on the wire. A secret leaks if any of them appears: raw, inside
 * a JSON string, URL-encoded, or base64 (standard or URL-safe, padded or not).
 */
export function secretEncodings(secret: string): string[] {
  const forms = new Set<string>([secret]);
  forms.add(JSON.stringify(secret).slice(1, -1));
  forms.add(encodeURIComponent(secret));
  forms.add(encodeURIComponent(secret).replace(/%20/g, '+'));
  const b64 = Buffer.from(secret, 'utf8').toString('base64');
  forms.add(b64);
  forms.add(b64.replace(/=+$/, ''));
  forms.add(Buffer.from(secret, 'utf8').toString('base64url'));
  return [...forms];
}

/** Shorter values occur by chance in ordinary text; they cannot be judged. */
export const MIN_SECRET_LENGTH = 6;
