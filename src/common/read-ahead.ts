/**
 * The items of `source` in order, the next one already asked for while the caller works on the current one: a
 * reader that waits on the database (a batch of rows) and one that works in Node (writing them out) then overlap.
 * One item ahead at most. A consumer that stops early ends the source once the item asked for has come.
 */
export async function* readAhead<T>(source: AsyncIterable<T>): AsyncGenerator<T> {
  const it = source[Symbol.asyncIterator]();
  let next = it.next();
  let finished = false;
  try {
    for (;;) {
      const item = await next;
      if (item.done) {
        finished = true;
        return;
      }
      next = it.next();
      // Met by the loop's next await, or by the finally below; never an unhandled rejection meanwhile.
      next.catch(() => undefined);
      yield item.value;
    }
  } finally {
    if (!finished) {
      await next.catch(() => undefined);
      await it.return?.();
    }
  }
}
