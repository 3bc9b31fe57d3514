import { readAhead } from './read-ahead';

describe('readAhead', () => {
  it('gives the items in order, the next already asked for while the caller works on one', async () => {
    const asked: number[] = [];
    async function* source(): AsyncGenerator<number> {
      for (let i = 0; i < 4; i++) {
        asked.push(i);
        yield i;
      }
    }
    const seen: [number, number[]][] = [];
    for await (const item of readAhead(source())) {
      await new Promise((resolve) => setTimeout(resolve, 1));
      seen.push([item, [...asked]]);
    }
    expect(seen.map(([item]) => item)).toEqual([0, 1, 2, 3]);
    // While the caller had item 0, item 1 had been asked for.
    expect(seen[0][1]).toEqual([0, 1]);
  });

  it("passes the source's failure on, and ends the source when the caller stops early", async () => {
    async function* failing(): AsyncGenerator<number> {
      yield 1;
      throw new Error('read failed');
    }
    const got: number[] = [];
    await expect(
      (async () => {
        for await (const item of readAhead(failing())) got.push(item);
      })(),
    ).rejects.toThrow('read failed');
    expect(got).toEqual([1]);

    let ended = false;
    async function* endless(): AsyncGenerator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        ended = true;
      }
    }
    for await (const item of readAhead(endless())) if (item === 2) break;
    expect(ended).toBe(true);
  });
});
