/**
 * Every resource the run created on the target (`x-hwc-creates`), seen on the wire whatever
 * phase sent the call, and what became of it: deleted by the run's own cases, deleted at the end
 * (cleanup.ts), already gone, or left with why. A live account gets back what the run took.
 */
import { boundPath } from '../cases/bindings.ts';
import type { Case } from '../cases/types.ts';
import type { Exchange, Outcome } from '../execute/types.ts';
import type { Sender } from '../execute/send.ts';
import { at } from '../json-pointer.ts';
import type { Operation } from '../spec/types.ts';
import type { CreatedResource } from './types.ts';

/** How many created resources are tracked one by one; past it they are counted (a run's budget bounds them). */
const MAX_TRACKED = 10_000;

/** Transport failures after which a creating request may have created something the run cannot name. */
const MAYBE_SENT: ReadonlySet<string> = new Set(['timeout', 'reset', 'stopped', 'non-json', 'too-large', 'other']);

interface Entry {
  readonly operationId: string;
  readonly id: string;
  readonly name: string;
  /** the fixture it stands in for, when the run made it as a throwaway */
  throwaway?: string;
  readonly deleter: Operation | undefined;
  /** the delete's path, or what was missing to fill it */
  readonly path: { values: Record<string, string> } | { missing: string };
  state: CreatedResource['state'];
  note?: string;
}

export class CreatedResources {
  private readonly entries: Entry[] = [];
  private readonly byExchange = new WeakMap<Exchange, Entry>();
  /** operations the target answered with their documented success at least once */
  private readonly honoured = new Set<string>();
  private untracked = 0;
  /** creating requests that got no answer: they may have created a resource the run cannot name */
  private unanswered = 0;

  /**
   * `named`: the fixtures the user named. An answer giving one of them as what it created (a
   * target echoing an existing id) never gets it deleted: the run deletes only what it made.
   */
  constructor(
    private readonly byId: ReadonlyMap<string, Operation>,
    private readonly fixtures: () => Readonly<Record<string, string>>,
    private readonly named: Readonly<Record<string, string>> = {},
  ) {}

  /**
   * The sender, with every answer it gets noted here. Closing it first waits for the creating
   * requests in flight (a stop does not cut them): their answers, noted, name what the cleanup
   * must delete, and closing the sender first would drop their time bound.
   */
  watch(sender: Sender): Sender {
    const creating = new Set<Promise<unknown>>();
    const send = (op: Operation, c: Case): Promise<Outcome> => {
      const noted = sender.send(op, c).then((o) => this.noteOutcome(op, o));
      if (op.creates) {
        const settled: Promise<unknown> = noted.then(
          () => creating.delete(settled),
          () => creating.delete(settled),
        );
        creating.add(settled);
      }
      return noted;
    };
    return {
      ...sender,
      send,
      close: async () => {
        await Promise.all(creating);
        await sender.close();
      },
    };
  }

  noteOutcome(op: Operation, o: Outcome): Outcome {
    if (o.ok) this.note(op, o.exchange);
    else if (op.creates && MAYBE_SENT.has(o.error.code) && !o.error.message.startsWith('not sent')) this.unanswered++;
    return o;
  }

  /**
   * A 2xx of a creating operation adds a resource, a 2xx of a deleting one marks it deleted:
   * another 2xx than the documented one did it all the same (judging the status is the checks' job).
   */
  private note(op: Operation, ex: Exchange): Entry | undefined {
    const status = ex.response.status;
    if (status >= 200 && status < 300) this.deletedBy(op, ex);
    const creates = op.creates;
    if (!creates || status < 200 || status > 299) return undefined;
    const id = at(ex.response.json, creates.id);
    if (typeof id !== 'string' && typeof id !== 'number') return undefined;
    if (this.entries.length >= MAX_TRACKED) {
      this.untracked++;
      return undefined;
    }
    const deleter = this.byId.get(creates.delete.observer);
    const sent = ex.case.body.kind === 'json' ? (ex.case.body.value as Record<string, unknown> | null) : null;
    const entry: Entry = {
      operationId: op.id,
      id: String(id),
      name: typeof sent?.['name'] === 'string' ? sent['name'] : '',
      deleter,
      path: deleter ? boundPath(deleter, creates.delete.bind, ex, this.fixtures()) : { missing: creates.delete.observer },
      state: 'left',
    };
    this.entries.push(entry);
    this.byExchange.set(ex, entry);
    return entry;
  }

  /** The run's own delete case removed one it created: nothing left to clean up for it. */
  private deletedBy(op: Operation, ex: Exchange): void {
    this.honoured.add(op.id);
    for (const e of this.entries) {
      if (e.state !== 'left' || e.deleter !== op || !('values' in e.path)) continue;
      const values = e.path.values;
      if (Object.keys(values).every((k) => ex.pathParams[k] === values[k])) {
        e.state = 'deleted';
        e.note = `deleted by the run's ${op.id} case ${ex.case.id}`;
      }
    }
  }

  /** Whether the target once answered `operationId` with its documented success (it serves it). */
  honours(operationId: string): boolean {
    return this.honoured.has(operationId);
  }

  /** The resource an exchange created, once noted. */
  lastCreated(op: Operation, ex: Exchange): Entry | undefined {
    const e = this.byExchange.get(ex);
    return e?.operationId === op.id ? e : undefined;
  }

  /** The fixture of its service the user named that an answer gave as created, if it did: never the run's to change. */
  namedAs(entry: Entry): string | undefined {
    const service = `${this.byId.get(entry.operationId)?.service}.`;
    return Object.keys(this.named).find((k) => k.startsWith(service) && this.named[k] === entry.id);
  }

  /** Marks the entry the run made to stand in for a fixture. */
  standIn(entry: Entry, fixture: string): void {
    entry.throwaway = fixture;
  }

  /** What is still to delete, with the case that deletes it (or why none can be made). */
  pending(): { entry: Entry; deleter?: Operation; c?: Case; missing?: string }[] {
    return this.entries
      .filter((e) => e.state === 'left')
      .map((entry, i) => {
        if (!entry.deleter) return { entry, missing: `no operation deletes it` };
        const yours = this.namedAs(entry);
        if (yours) return { entry, missing: `the answer gave fixtures.${yours}, a resource you named, as created: not deleted` };
        if ('missing' in entry.path) return { entry, missing: `no ${entry.path.missing} to call ${entry.deleter.id} with` };
        const c: Case = {
          id: `${entry.deleter.id}.cleanup.${i}`,
          operationId: entry.deleter.id,
          expect: 'accept',
          origin: 'boundary',
          body: { kind: 'none' },
          pathOverrides: entry.path.values,
          note: `delete ${entry.id}, created by ${entry.operationId}`,
        };
        return { entry, deleter: entry.deleter, c };
      });
  }

  settle(entry: Entry, state: CreatedResource['state'], note: string): void {
    entry.state = state;
    entry.note = note;
  }

  list(): CreatedResource[] {
    return this.entries.map((e) => ({
      operationId: e.operationId,
      id: e.id,
      name: e.name,
      state: e.state,
      ...(e.throwaway ? { throwaway: e.throwaway } : {}),
      ...(e.note ? { note: e.note } : {}),
    }));
  }

  /** What the run may have created without being able to name it: requests cut off, resources past the cap. */
  unknown(): { unanswered: number; untracked: number } {
    return { unanswered: this.unanswered, untracked: this.untracked };
  }
}

/** `DeleteApp answered 400 APIG.2001`: an answer's status, with the error code its body names, if any. */
export function answeredText(operationId: string, response: Exchange['response']): string {
  const code = (response.json as { error_code?: unknown } | null | undefined)?.error_code;
  return `${operationId} answered ${response.status}${typeof code === 'string' ? ` ${code}` : ''}`;
}
