/** Exit codes of a process stopped by a signal, as shells report them (128 + the signal's number). */
const SIGNAL_EXIT: Partial<Record<NodeJS.Signals, number>> = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

/** Thrown by a command that was stopped by Ctrl-C or SIGTERM; the CLI exits quietly with its code. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
  readonly signal: NodeJS.Signals;
  readonly exitCode: number;

  constructor(signal: NodeJS.Signals) {
    super(`stopped by ${signal}`);
    this.signal = signal;
    this.exitCode = SIGNAL_EXIT[signal] ?? 130;
  }
}

/** Grace time after a signal for the run to close its browser and remove what it staged. */
const GRACE_MS = 10_000;

/**
 * Runs `work` with Ctrl-C, SIGTERM and SIGHUP turned into a clean stop: `onSignal` is called (to close
 * the browser), the AbortSignal fires, and once the work has unwound (its `finally` blocks removed what
 * it staged) the command rejects with `Interrupted`. A second signal, or a run that does not unwind
 * within the grace time, ends the process at once with the signal's code.
 */
export async function interruptible<T>(
  work: (signal: AbortSignal) => Promise<T>,
  onSignal: () => Promise<void>,
): Promise<T> {
  const controller = new AbortController();
  let received: NodeJS.Signals | undefined;
  const handler = (signal: NodeJS.Signals) => {
    if (received !== undefined) process.exit(SIGNAL_EXIT[signal] ?? 130);
    received = signal;
    controller.abort(new Interrupted(signal));
    setTimeout(() => process.exit(SIGNAL_EXIT[signal] ?? 130), GRACE_MS).unref();
    onSignal().catch(() => {});
  };
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.on(signal, handler);
  try {
    const value = await work(controller.signal);
    if (received !== undefined) throw new Interrupted(received);
    return value;
  } catch (error) {
    // Whatever failed after the signal (the browser it closed, the abort) failed because of it.
    if (received !== undefined) throw new Interrupted(received);
    throw error;
  } finally {
    for (const signal of signals) process.off(signal, handler);
  }
}
