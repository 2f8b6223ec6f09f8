import { describe, expect, it } from 'vitest';
import { isConformError } from '../errors.ts';
import { accepts, charsetProbes, compileCharset, firstCharViolators, HAN, PROBES, sanitise } from './charclasses.ts';

describe('probes', () => {
  it('are never Han script, CJK or full-width punctuation, or full-width Latin and digits', () => {
    for (const { char } of PROBES) {
      expect(char, `U+${char.codePointAt(0)!.toString(16)}`).not.toMatch(/\p{Script_Extensions=Han}/u);
      expect(char).not.toMatch(/[\u3000-\u303f\uff00-\uffef\u2e80-\u2fdf\u3400-\u4dbf\uf900-\ufaff]/u);
    }
  });

  it('cover space, every ASCII punctuation mark and each non-Latin script group', () => {
    const chars = PROBES.map((p) => p.char);
    for (const c of ' !"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~éЖ😀あカ한\u0001') expect(chars).toContain(c);
  });

  it('a rule probes exactly the characters it does not allow', () => {
    const name = compileCharset({ first: ['latin', 'han'], allowed: ['latin', 'digit', 'han', '_'] });
    const probed = charsetProbes(name).map((p) => p.char);
    expect(probed).not.toContain('_');
    expect(probed).toContain('-');
    const secret = compileCharset({ first: ['latin', 'digit'], allowed: ['latin', 'digit', '_', '-', '!', '@', '#', '$', '%'] });
    expect(charsetProbes(secret).map((p) => p.char)).not.toContain('$');
    expect(charsetProbes(compileCharset({ forbidden: ['<', '>'] }))).toEqual([]);
  });
});

describe('compileCharset', () => {
  const name = compileCharset({ first: ['latin', 'han'], allowed: ['latin', 'digit', 'han', '_'] });

  it('reads first and allowed classes', () => {
    expect(accepts(name, '中', 'first')).toBe(true);
    expect(accepts(name, '1', 'first')).toBe(false);
    expect(accepts(name, '1', 'rest')).toBe(true);
    expect(accepts(name, '龦', 'rest')).toBe(false); // U+9FA6: outside the positive range
    expect(firstCharViolators(name).map((c) => c.name)).toEqual(['digit', '_']);
  });

  it('generates Chinese only from U+4E00–U+9FA5', () => {
    expect(HAN.at(0)).toBe('\u4e00');
    expect(HAN.at(HAN.size - 1)).toBe('\u9fa5');
    expect(HAN.at(HAN.size)).toBe('\u4e00');
  });

  it('free text: anything not forbidden, but generated values avoid edge spaces and control characters', () => {
    const text = compileCharset({ forbidden: ['<', '>'] });
    expect(accepts(text, '<', 'rest')).toBe(false);
    expect(accepts(text, 'é', 'rest')).toBe(true);
    expect(sanitise(text, '  a <b>\u0001 c  ')).toBe('a b c');
  });

  it('sanitise keeps realistic text inside the rule', () => {
    expect(sanitise(name, '1st App Store (北京)')).toBe('st_App_Store_北京_');
    expect(sanitise(compileCharset({ first: ['latin', 'digit'], allowed: ['latin', 'digit', '_', '-'] }), 'Raheem.Walsh8')).toBe('Raheem_Walsh8');
  });

  it('refuses an unknown class with the spec-extension code', () => {
    try {
      compileCharset({ allowed: ['latin', 'greek'] }, 'specs/x.yaml#/p');
      expect.unreachable();
    } catch (e) {
      expect(isConformError(e) && e.code).toBe('CONFORM_SPEC_EXTENSION');
      expect((e as Error).message).toContain("'greek'");
    }
  });
});
