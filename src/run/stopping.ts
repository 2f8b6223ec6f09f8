/**
 * Why a run stops sending before it has sent everything, decided in one place: a request budget
 * spent, the run's time bound reached, Ctrl-C, a target that stopped answering (so many
 * transport failures in a row), or credentials every answer refuses. Also which answers refuse
 * the credentials: they are evidence for auth-required only.
 */
import type { Config } from '../config/types.ts';
import { sleep } from '../execute/sleep.ts';
import type { Exchange, Outcome } from '../execute/types.ts';
import type { Operation } from '../spec/types.ts';
import { codeCounts } from './tally.ts';
import type { StopReason } from './types.ts';

/** Error codes of requests that were never (fully) sent: not errors of the target, not evidence. */
export const NOT_SENT: ReadonlySet<string> = new Set(['budget', 'deadline', 'stopped']);
/** Transport failures that say the target is not answering at all; enough in a row and the run gives up. */
const DEAD: ReadonlySet<string> = new Set(['refused', 'reset', 'timeout', 'dns', 'tls', 'other']);
/** Refusals, with no answer accepting the credentials, after which an operation's other cases are not sent. */
const AUTH_REFUSALS_TO_SKIP = 20;

/** What unsent cases are called, by why the run stopped. */
export const NOT_RUN: Readonly<Record<StopReason, string>> = {
  budget: 'not run (budget)',
  deadline: 'not run (run time bound)',
  interrupted: 'not run (interrupted)',
  unreachable: 'not run (the target stopped answering)',
  'auth-refused': 'not run (credentials refused)',
};

export class Stopping {
  /** why the run stopped sending, if it did; the first reason wins */
  reason: { readonly reason: StopReason; readonly message: string } | undefined;
  private readonly halted = new AbortController();
  /** the transport failures in a row, by code (cleared by any answer) */
  private readonly deadCodes = new Map<string, number>();
  // answers to requests sent with the run's credentials, per operation: refused for them, or not
  private readonly refusedStatuses = new Set<number>();
  private readonly refusedByOp = new Map<string, number>();
  private readonly acceptedByOp = new Map<string, number>();

  /** `cut`: ends what is in flight (an interruption, a target given up on) */
  constructor(
    private readonly config: Config,
    private readonly cut: () => void,
  ) {}

  get stopped(): boolean {
    return this.reason !== undefined;
  }

  halt(reason: StopReason, message: string): void {
    if (this.reason) return;
    this.reason = { reason, message };
    this.halted.abort();
    if (reason === 'interrupted' || reason === 'unreachable') this.cut();
  }

  interrupt(): void {
    this.halt('interrupted', 'interrupted: stopped sending; the reports hold what was judged before');
  }

  /** Waits `ms`, or less when the run stops sending. */
  async pause(ms: number): Promise<void> {
    await sleep(ms, this.halted.signal);
  }

  /**
   * Whether an outcome was really sent and answered, or failed in transport (false: never sent,
   * or cut off when the run stopped); notes budget and deadline stops and a target that stopped
   * answering.
   */
  sent(outcome: Outcome): boolean {
    const run = this.config.run;
    if (outcome.ok) {
      this.deadCodes.clear();
      return true;
    }
    const code = outcome.error.code;
    if (code === 'budget') this.halt('budget', `incomplete: the request budget of ${run.maxRequests} is spent (--max-requests / run.maxRequests)`);
    if (code === 'deadline') this.halt('deadline', `incomplete: the run time bound of ${run.totalTimeoutMs} ms was reached (run.totalTimeoutMs)`);
    if (NOT_SENT.has(code) || this.reason?.reason === 'interrupted' || this.reason?.reason === 'unreachable') return false;
    if (!DEAD.has(code)) {
      this.deadCodes.clear();
      return true;
    }
    this.deadCodes.set(code, (this.deadCodes.get(code) ?? 0) + 1);
    const consecutive = total(this.deadCodes);
    if (run.giveUpAfter > 0 && consecutive >= run.giveUpAfter) {
      this.halt(
        'unreachable',
        `the target stopped answering: ${consecutive} requests in a row failed (${codeCounts(this.deadCodes)}); gave up on it (run.giveUpAfter / --give-up-after ${run.giveUpAfter})`,
      );
    }
    return true;
  }

  /**
   * Counts an answer to a request sent with the run's credentials (auth cases aside); true when
   * it refused them. 401 always; another documented auth-failure status (CSMS 403) only where the
   * case expected success, since 403 is also a legitimate refusal of an invalid request.
   */
  refusesCredentials(op: Operation, ex: Exchange): boolean {
    if (ex.case.auth) return false;
    const status = ex.response.status;
    const refused = status === 401 || (ex.case.expect === 'accept' && op.authFailureStatuses.includes(status));
    if (!refused) {
      this.acceptedByOp.set(op.id, (this.acceptedByOp.get(op.id) ?? 0) + 1);
      return false;
    }
    this.refusedStatuses.add(status);
    this.refusedByOp.set(op.id, (this.refusedByOp.get(op.id) ?? 0) + 1);
    return true;
  }

  /**
   * So many refusals and not one accepted answer for this operation: its credentials are wrong
   * (an expired token, a permission missing), and its other cases could only be refused the same
   * way. Its auth cases are still sent; the other operations still run.
   */
  refusedThroughout(operationId: string): boolean {
    return (this.refusedByOp.get(operationId) ?? 0) >= AUTH_REFUSALS_TO_SKIP && (this.acceptedByOp.get(operationId) ?? 0) === 0;
  }

  /** After the main phase: when every answer refused the credentials, nothing more can be judged. */
  checkCredentials(): void {
    const refused = total(this.refusedByOp);
    if (this.reason || refused === 0 || this.acceptedByOp.size > 0) return;
    this.halt(
      'auth-refused',
      `every request was refused for its credentials (${refused} answers HTTP ${[...this.refusedStatuses].sort().join('/')}): ${credentialsText(this.config)} is not accepted by the target`,
    );
  }
}

function total(counts: ReadonlyMap<unknown, number>): number {
  let n = 0;
  for (const v of counts.values()) n += v;
  return n;
}

/** Which credentials the run sent, by where they come from (never their value). */
function credentialsText(config: Config): string {
  const a = config.auth;
  if (a.accessKey) return 'the AK/SK (auth.accessKey)';
  if (a.iam) return `the IAM token of user ${a.iam.username} (auth.iam)`;
  if (a.token) return 'the X-Auth-Token (auth.token / --token / HWC_AUTH_TOKEN)';
  return 'the request without credentials (no auth.token, AK/SK or auth.iam configured)';
}
