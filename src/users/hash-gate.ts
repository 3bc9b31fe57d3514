import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';

/** What a refused caller is told to wait: a hash takes well under a second, so the slots turn over quickly. */
export const HASH_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * A counting semaphore in front of argon2: at most `slots` hashes at once in the process (each holds its memory cost,
 * 64 MiB in production, on a libuv thread), at most `queue` callers waiting for a slot, and anyone beyond that refused
 * at once (429 PASSWORD_HASH_BUSY, Retry-After). Refusing rather than queueing without end keeps a burst of logins
 * from holding the memory and the thread pool that every other request needs.
 */
export class HashGate {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(
    private readonly slots: number,
    private readonly queue: number,
  ) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.slots) {
      if (this.waiting.length >= this.queue) {
        throw DomainException.retryLater(ErrorCode.PasswordHashBusy, 'the server is checking too many passwords at once', HASH_BUSY_RETRY_AFTER_SECONDS);
      }
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
