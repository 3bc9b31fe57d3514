const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * For an entry point: on SIGTERM or SIGINT runs `stop` once, then ends the process by the same signal (as Nest's
 * shutdown hooks do). One ordered stop rather than Nest's hooks on each application: those close the API and the
 * worker in no set order, and the embedded PostgreSQL not at all, which must close last (a job in flight finishes and
 * records itself first) so that its data folder is left shut down rather than to crash recovery.
 */
export function stopOnSignals(stop: () => Promise<void>): void {
  const onSignal = (signal: NodeJS.Signals): void => {
    for (const s of SIGNALS) process.off(s, onSignal);
    // A second signal while stopping now ends the process at once, by the default action.
    stop().then(
      () => process.kill(process.pid, signal),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  for (const s of SIGNALS) process.on(s, onSignal);
}
