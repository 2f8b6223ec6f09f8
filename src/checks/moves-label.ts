import type { Rule } from '../spec/types.ts';
import { failure } from './failure.ts';
import { at } from '../json-pointer.ts';
import { observedCall, sameValue, shown } from './observed.ts';
import type { Check, Failure } from './types.ts';

type MovesLabel = Extract<Rule, { kind: 'moves-label' }>;

/**
 * Rule `moves-label`: the call creates a version and moves a label (SYSCURRENT) onto it. After a
 * successful call, `current` names the version the call answered, and in `listing` that version
 * carries the label and no other does. Only what an observer shows is judged: a listing page
 * without the new version judges the others only.
 */
export const movesLabel: Check = {
  name: 'moves-label',
  title: 'The call moves its label onto the version it created, and off the previous one',
  severity: 'error',
  applies: (op) => op.rules.some((r) => r.kind === 'moves-label'),
  run: () => [],
  observe(context, observed) {
    const observer = observed.case.operationId;
    const rule = context.operation.rules.find(
      (r): r is MovesLabel => r.kind === 'moves-label' && (r.current.observer === observer || r.listing.observer === observer),
    );
    const call = observedCall(context.history, context.operation.id);
    if (!rule || !call) return { failures: [], unjudged: `no successful ${context.operation.id} call to compare with` };
    const version = at(call.response.json, rule.version);
    if (typeof version !== 'string' || version === '') return { failures: [], unjudged: `${context.operation.id} answered no ${rule.version.slice(1)}` };
    const fail = (message: string, received: string, documented: string): Failure =>
      failure('moves-label', context, observed, {
        message,
        rule: `${context.operation.id} marks the version it creates ${rule.label}; the label leaves the previous version`,
        source: rule.source,
        received,
        documented,
      });
    const body = observed.response.json;

    if (rule.current.observer === observer) {
      const named = at(body, rule.current.field);
      if (typeof named !== 'string') return { failures: [], unjudged: `${observer} answered no ${rule.current.field.slice(1)}` };
      if (named === version) return { failures: [] };
      return {
        failures: [
          fail(`${observer} names ${shown(named)} as ${rule.label} after ${context.operation.id} created ${shown(version)}`, `${rule.label}: ${shown(named)}`, `${rule.label}: ${shown(version)}, the version ${context.operation.id} created`),
        ],
      };
    }

    const items = at(body, rule.listing.items);
    if (!Array.isArray(items)) return { failures: [], unjudged: `${observer} answered no ${rule.listing.items.slice(1)} list` };
    const carries = (item: unknown) => {
      const labels = at(item, rule.listing.labels);
      return Array.isArray(labels) && labels.includes(rule.label);
    };
    const failures: Failure[] = [];
    const created = items.find((item) => sameValue(at(item, rule.listing.key), version));
    if (created !== undefined && !carries(created)) {
      failures.push(fail(`${observer}: the version ${shown(version)} ${context.operation.id} created does not carry ${rule.label}`, `${shown(version)}: ${shown(at(created, rule.listing.labels))}`, `${shown(version)} carries ${rule.label}`));
    }
    const others = items.filter((item) => item !== created && carries(item)).map((item) => at(item, rule.listing.key));
    if (others.length > 0) {
      failures.push(
        fail(
          `${observer}: ${others.map(shown).join(', ')} still carr${others.length === 1 ? 'ies' : 'y'} ${rule.label} after ${context.operation.id} created ${shown(version)}`,
          `${rule.label} on ${others.map(shown).join(', ')}`,
          `${rule.label} on ${shown(version)} only`,
        ),
      );
    }
    return { failures };
  },
};
