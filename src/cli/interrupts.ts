/**
 * Ctrl-C / SIGTERM for a command that creates resources on the target (`run`, `replay`): the
 * first signal aborts `signal` (stop sending, delete what was created), the second aborts
 * `cleanupSignal` (stop deleting), the third exits 130 at once. Each of the first two prints its
 * line and may also set a bound after which the process exits 130 anyway.
 */
import { EXIT } from '../errors.ts';

export interface InterruptStage {
  /** the line after `conform: SIGINT: ` */
  readonly say: string;
  /** exit 130 this long after the signal, whatever is still running (none: no bound) */
  readonly exitAfterMs?: number;
}

export interface Interrupts {
  /** aborted by the first signal */
  readonly signal: AbortSignal;
  /** aborted by the second signal */
  readonly cleanupSignal: AbortSignal;
  /** stops listening for the signals */
  dispose(): void;
}

export function onInterrupts(stopping: InterruptStage, noMoreDeleting: InterruptStage): Interrupts {
  const interrupt = new AbortController();
  const stopCleanup = new AbortController();
  const onSignal = (signal: NodeJS.Signals) => {
    if (stopCleanup.signal.aborted) process.exit(EXIT.interrupted);
    const [next, stage] = interrupt.signal.aborted ? [stopCleanup, noMoreDeleting] : [interrupt, stopping];
    process.stderr.write(`conform: ${signal}: ${stage.say}\n`);
    next.abort();
    if (stage.exitAfterMs !== undefined) setTimeout(() => process.exit(EXIT.interrupted), stage.exitAfterMs).unref();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    signal: interrupt.signal,
    cleanupSignal: stopCleanup.signal,
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
