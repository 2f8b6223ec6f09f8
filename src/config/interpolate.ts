/**
 * `${VAR}` and `${VAR:-default}` in conform.yaml values; `$${` writes a literal `${`.
 *
 * References are swapped for inert placeholders before the YAML is parsed and filled in
 * after, on the parsed values. So `knownSecrets: [${HWC_SECRET_VALUE}]` parses (a flow
 * sequence cannot hold a raw `{`), a value with `: ` or `#` in it cannot change the file's
 * structure, and an error can name the key path the reference sits under.
 */
import { ConformError } from '../errors.ts';
import { keyPathText, type KeyPath } from './yaml-file.ts';

type Ref = { readonly kind: 'var'; readonly name: string; readonly fallback?: string } | { readonly kind: 'literal' };

export interface Protected {
  /** the text with every reference replaced by a placeholder */
  readonly text: string;
  readonly refs: readonly Ref[];
  /** matches one placeholder; group 1 is its index into `refs` */
  readonly placeholder: RegExp;
}

const REFERENCE = /\$\$\{|\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}\n]*))?\}/g;

export function protectReferences(text: string): Protected {
  // a placeholder made of letters and digits is a plain scalar anywhere, flow context included
  let stem = 'ConformRef';
  while (text.includes(stem)) stem += 'x';
  const refs: Ref[] = [];
  const out = text.replace(REFERENCE, (whole, name: string | undefined, fallback: string | undefined) => {
    refs.push(whole === '$${' ? { kind: 'literal' } : { kind: 'var', name: name as string, ...(fallback === undefined ? {} : { fallback }) });
    return `${stem}${refs.length - 1}Q`;
  });
  return { text: out, refs, placeholder: new RegExp(`${stem}(\\d+)Q`, 'g') };
}

export interface Interpolated {
  readonly data: unknown;
  /** key paths (as text) whose whole value was one `${VAR}`: numbers and booleans may be coerced there */
  readonly wholeReferences: ReadonlySet<string>;
}

/**
 * Fills the placeholders from `env`. A value that comes out empty from a reference
 * (`${REGION:-}`) counts as absent: the key is dropped, the list item removed.
 */
export function fillReferences(
  data: unknown,
  p: Protected,
  env: Readonly<Record<string, string | undefined>>,
  where: (path: KeyPath) => string,
  /** key paths a flag or the environment overrides: an unset variable there is no error, the key is dropped */
  overridden: (path: KeyPath) => boolean = () => false,
): Interpolated {
  const wholeReferences = new Set<string>();
  const DROP = Symbol('drop');

  const fill = (s: string, path: KeyPath): string | typeof DROP => {
    p.placeholder.lastIndex = 0;
    if (!p.placeholder.test(s)) {
      if (s.includes('${')) {
        throw new ConformError('CONFORM_CONFIG', `${keyPathText(path)}: malformed variable reference in '${s}' (write \${NAME} or \${NAME:-default}, or $\${ for a literal \${)`, {
          where: where(path),
        });
      }
      return s;
    }
    let usedVar = false;
    let unset = false;
    const out = s.replace(p.placeholder, (_, i: string) => {
      const ref = p.refs[Number(i)];
      if (ref.kind === 'literal') return '${';
      usedVar = true;
      const value = env[ref.name];
      if (ref.fallback !== undefined) return value === undefined || value === '' ? ref.fallback : value;
      if (value === undefined) {
        if (overridden(path)) {
          unset = true;
          return '';
        }
        throw new ConformError(
          'CONFORM_CONFIG',
          `${keyPathText(path)}: environment variable ${ref.name} is not set (set it, or give a default: \${${ref.name}:-value})`,
          { where: where(path) },
        );
      }
      return value;
    });
    p.placeholder.lastIndex = 0;
    const whole = new RegExp(`^${p.placeholder.source}$`).exec(s);
    if (whole && p.refs[Number(whole[1])].kind === 'var') wholeReferences.add(keyPathText(path));
    return unset || (usedVar && out === '') ? DROP : out;
  };

  const walk = (v: unknown, path: KeyPath): unknown => {
    if (typeof v === 'string') return fill(v, path);
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const [i, x] of v.entries()) {
        const filled = walk(x, [...path, i]);
        if (filled !== DROP) out.push(filled);
      }
      return out;
    }
    if (v !== null && typeof v === 'object') {
      const out: Record<string, unknown> = {};
      for (const [k, x] of Object.entries(v)) {
        p.placeholder.lastIndex = 0;
        if (p.placeholder.test(k) || k.includes('${')) {
          throw new ConformError('CONFORM_CONFIG', `${keyPathText(path)}: variables are allowed in values only, not in the key '${restore(k, p)}'`, {
            where: where(path),
          });
        }
        const filled = walk(x, [...path, k]);
        if (filled !== DROP) out[k] = filled;
      }
      return out;
    }
    return v;
  };

  return { data: walk(data, []), wholeReferences };
}

/** The text as written, for messages. */
function restore(s: string, p: Protected): string {
  return s.replace(p.placeholder, (_, i: string) => {
    const ref = p.refs[Number(i)];
    if (ref.kind === 'literal') return '$${';
    return ref.fallback === undefined ? `\${${ref.name}}` : `\${${ref.name}:-${ref.fallback}}`;
  });
}
