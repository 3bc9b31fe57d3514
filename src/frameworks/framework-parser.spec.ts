import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FRAMEWORK_LIMITS } from './framework-limits';
import { FrameworkParser } from './framework-parser';

const shipped = (name: string) => ({ text: readFileSync(join(__dirname, '../../config/frameworks', name), 'utf8'), fileName: name });

/** A parser whose time limit is a millisecond: any real file breaks it. */
class HastyParser extends FrameworkParser {
  protected override readonly timeMs: number = 1;
}

describe('FrameworkParser (a worker thread)', () => {
  const parsers: FrameworkParser[] = [];
  const parser = <T extends FrameworkParser>(made: T): T => {
    parsers.push(made);
    return made;
  };
  afterAll(() => Promise.all(parsers.map((p) => p.onModuleDestroy())));

  it('parses and validates files and documents, several in a row', async () => {
    const p = parser(new FrameworkParser());
    const [yaml, json] = await Promise.all([p.parse(shipped('ndti-2024.yaml')), p.parse({ document: { code: 'X' } })]);
    expect(yaml).toMatchObject({ ok: true, framework: { code: 'NDTI' } });
    expect(json.ok).toBe(false);
  });

  it('at shutdown fails the file under way and those waiting, and takes no more', async () => {
    const p = new FrameworkParser();
    const outcomes = [p.parse(shipped('pdti-2022.yaml')), p.parse(shipped('ndti-2024.yaml'))].map((file) =>
      file.then(() => 'parsed', (error: Error) => error.message),
    );
    await p.onModuleDestroy();
    expect(await Promise.all(outcomes)).toEqual([expect.stringContaining('shutting down'), expect.stringContaining('shutting down')]);
    await expect(p.parse(shipped('ndti-2024.yaml'))).rejects.toThrow('shutting down');
  });

  it('refuses a deep document before posting it to the worker', async () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    await expect(parser(new FrameworkParser()).parse({ document: { nodes: deep } })).resolves.toMatchObject({
      ok: false,
      errors: [{ rule: 'depth', limit: FRAMEWORK_LIMITS.depth }],
    });
  });

  it('refuses a file that takes longer than its time limit, naming it; the worker is ended and the next file gets a new one', async () => {
    const p = parser(new HastyParser());
    const [first, second] = await Promise.all([p.parse(shipped('pdti-2022.yaml')), p.parse(shipped('pdti-2022.yaml'))]);
    expect(first).toEqual({ ok: false, errors: [expect.objectContaining({ path: '', rule: 'time', limit: 1 })] });
    expect(second).toMatchObject({ ok: false, errors: [{ rule: 'time' }] });
  });
});
