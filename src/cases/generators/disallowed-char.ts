/**
 * One character outside the field's documented classes, placed strictly inside an otherwise
 * valid value (never first, so the first-character rule is not also broken; never last, so a
 * service that trims does not see a different value). Probes come from charclasses.PROBES: no
 * reading of the documents allows any of them.
 */
import fc from 'fast-check';
import { charsetProbes, showChar, type Probe } from '../charclasses.ts';
import type { FieldSpec } from '../fields.ts';
import { article, charsetRule } from '../wording.ts';
import type { Draft } from '../draft.ts';
import { fieldDraft, type GenContext } from './context.ts';
import { insertedChar } from './inserted-char.ts';

export function disallowedChar(ctx: GenContext, field: FieldSpec, pin?: { probe: Probe }): fc.Arbitrary<Draft> | undefined {
  const facts = field.string;
  const probes = charsetProbes(facts.rule);
  if (facts.enum || probes.length === 0) return undefined;
  const probe = pin ? fc.constant(pin.probe) : fc.noBias(fc.constantFrom(...probes));
  const inserted = insertedChar(facts, probe, (p) => p.char, Math.max(facts.min - 1, 2), (k, len) => 1 + (k % (len - 1)));
  if (!inserted) return undefined;
  const values = inserted.map(({ value, char: p }) => ({
    value,
    detail: `sent ${article(field.name)} containing ${showChar(p.char)} (${p.label})`,
  }));
  return fieldDraft(ctx, field, values, { constraint: 'charset', rule: charsetRule(field) });
}
