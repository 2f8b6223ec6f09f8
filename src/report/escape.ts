/**
 * Escaping for every report format. The HTML and JUnit reporters write markup only through
 * the {@link markup} template tag, so every interpolated value passes through
 * {@link escapeMarkup}: one helper, used on every write.
 */

/** Characters XML 1.0 does not allow (C0 controls other than tab/LF/CR, lone surrogates, U+FFFE/U+FFFF). */
const INVALID_XML = /[^\u0009\u000A\u000D\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Characters XML 1.0 forbids, replaced by U+FFFD (so the reader sees something was there). */
export function stripInvalidXml(s: string): string {
  return s.replace(INVALID_XML, '\uFFFD');
}

/** Text safe in XML/HTML element content and in quoted attribute values. */
export function escapeMarkup(value: unknown): string {
  return stripInvalidXml(String(value)).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

/** Markup already escaped (produced by {@link markup}); inserted as is. */
export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

type Interpolated = Markup | string | number | boolean | null | undefined | readonly Interpolated[];

function write(v: Interpolated): string {
  if (v instanceof Markup) return v.value;
  if (v === null || v === undefined || v === false) return '';
  if (Array.isArray(v)) return v.map(write).join('');
  return escapeMarkup(v);
}

/**
 * Template tag for HTML and XML: literal parts are trusted, every interpolated value is
 * escaped unless it is itself `Markup`; arrays are concatenated; `null`, `undefined` and
 * `false` write nothing.
 */
export function markup(strings: TemplateStringsArray, ...values: Interpolated[]): Markup {
  let out = strings[0];
  for (let i = 0; i < values.length; i++) out += write(values[i]) + strings[i + 1];
  return new Markup(out);
}

/** Markdown text outside code: punctuation Markdown or HTML would act on is escaped. */
export function mdText(s: string): string {
  return String(s)
    .replace(/\r?\n/g, ' ')
    .replace(/[\\`*_[\]#|~]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;');
}

function longestRun(s: string, ch: string): number {
  let best = 0;
  let run = 0;
  for (const c of s) {
    run = c === ch ? run + 1 : 0;
    if (run > best) best = run;
  }
  return best;
}

/**
 * Inline Markdown code, on one line. In a table cell `|` is escaped (GFM splits cells on it
 * even inside code spans).
 */
export function mdCode(s: string, options: { inTable?: boolean } = {}): string {
  let body = String(s).replace(/\r?\n/g, ' ');
  if (options.inTable) body = body.replace(/\|/g, '\\|');
  if (body === '') return '` `';
  const fence = '`'.repeat(longestRun(body, '`') + 1);
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

/** A fenced Markdown code block that the content cannot close early. */
export function mdBlock(s: string, lang = ''): string {
  const fence = '`'.repeat(Math.max(3, longestRun(s, '`') + 1));
  return `${fence}${lang}\n${s.replace(/\n$/, '')}\n${fence}`;
}
