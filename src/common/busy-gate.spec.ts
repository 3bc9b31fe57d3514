import { BusyGate } from './busy-gate';
import { DomainException } from './domain.exception';
import { ErrorCode } from './error-code';

const busy = () => DomainException.retryLater(ErrorCode.PasswordHashBusy, 'busy', 1);

/** A piece of work that finishes when the test says so. */
function pending(): { promise: Promise<string>; finish: (value: string) => void } {
  let finish!: (value: string) => void;
  const promise = new Promise<string>((resolve) => (finish = resolve));
  return { promise, finish };
}

describe('BusyGate', () => {
  it("runs at most `slots` at once, queues `queue` more, refuses the rest with the gate's refusal (a 429 with Retry-After)", async () => {
    const gate = new BusyGate(2, 1, busy);
    const works = [pending(), pending(), pending()];
    let started = 0;
    const runs = works.map((w) =>
      gate.run(() => {
        started++;
        return w.promise;
      }),
    );
    await Promise.resolve();
    expect(started).toBe(2);

    const refused = await gate.run(() => Promise.resolve('never')).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(DomainException);
    expect((refused as DomainException).code).toBe(ErrorCode.PasswordHashBusy);
    expect((refused as DomainException).headers).toEqual({ 'Retry-After': '1' });

    works[0].finish('a');
    await expect(runs[0]).resolves.toBe('a');
    await Promise.resolve();
    expect(started).toBe(3); // the queued one took the freed slot
    works[1].finish('b');
    works[2].finish('c');
    await expect(Promise.all(runs)).resolves.toEqual(['a', 'b', 'c']);
    // All slots free again: two at once are taken without waiting.
    await expect(Promise.all([gate.run(() => Promise.resolve(1)), gate.run(() => Promise.resolve(2))])).resolves.toEqual([1, 2]);
  });

  it('frees the slot of a failed piece of work', async () => {
    const gate = new BusyGate(1, 0, busy);
    await expect(gate.run(() => Promise.reject(new Error('the work failed')))).rejects.toThrow('the work failed');
    await expect(gate.run(() => Promise.resolve('ok'))).resolves.toBe('ok');
  });
});
