/**
 * A counting semaphore in front of work that holds much memory or a scarce thread while it runs (a password hash, a
 * publication's verify): at most `slots` at once in the process, at most `queue` callers waiting for a slot, and
 * anyone beyond that refused at once with `refuse()` (a 429 with Retry-After). Refusing rather than queueing without
 * end keeps a burst from holding what every other request needs.
 */
export class BusyGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly slots: number,
    private readonly queue: number,
    private readonly refuse: () => Error,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.slots) {
      if (this.waiting.length >= this.queue) throw this.refuse();
      // The slot is handed over by release(): `active` stays counted for the waiter, so no newcomer can take it first.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    try {
      return await work();
    } finally {
      this.release();
    }
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}
