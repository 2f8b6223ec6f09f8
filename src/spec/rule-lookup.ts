/** Typed access to an operation's rules by kind (the narrowing every user of rules needs). */
import type { Operation, Rule } from './types.ts';

export type RuleOf<K extends Rule['kind']> = Extract<Rule, { kind: K }>;

export function rulesOf<K extends Rule['kind']>(op: Operation | undefined, kind: K): RuleOf<K>[] {
  return (op?.rules ?? []).filter((r): r is RuleOf<K> => r.kind === kind);
}

export function ruleOf<K extends Rule['kind']>(op: Operation | undefined, kind: K): RuleOf<K> | undefined {
  return op?.rules.find((r): r is RuleOf<K> => r.kind === kind);
}
