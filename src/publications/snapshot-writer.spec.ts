import { createHash } from 'node:crypto';
import { canonicalJson, StreamedArray } from '../common/canonical-json';
import { readCanonicalSnapshot, snapshotItems, SnapshotSyntaxError, type StreamedPath } from './canonical-snapshot-reader';
import { CHUNK_BYTES } from './snapshot-chunks.queries';
import { writeCanonicalChunks } from './snapshot-writer';

/** A snapshot-shaped value: sections, Vietnamese text, numbers of every form JSON writes, the two large arrays. */
function snapshotOf(units: number): Record<string, unknown> {
  const inputs = Array.from({ length: units }, (_, i) => ({
    unitId: `u-${i}`,
    code: `C${String(i).padStart(5, '0')}`,
    unitGroup: i % 3 ? null : 'có dịch vụ công',
    ranked: i % 7 !== 0,
    groups: i % 3 ? {} : { group: 'có dịch vụ công' },
    values: { 'I1.2': i * 0.1, 'I1.10': -0, 'I2.1': 1e21 + i, 'I3.1': 'Hà Nội "trích dẫn" \\ 😀', '10': i },
    manualPoints: i % 2 ? { 'I9.1': 0.5 } : {},
  }));
  const results = inputs.map((u, i) => ({
    unitId: u.unitId,
    code: u.code,
    unitGroup: u.unitGroup,
    ranked: u.ranked,
    status: 'scored',
    index: i / 3,
    indexRounded: Math.round(i / 3),
    rank: i + 1,
    groupRank: null,
    nodes: { P1: { contribution: null, maxPoints: 10, points: i / 7, rank: i, value: NaN } },
    pillars: {},
    notes: i % 5 ? [] : [{ kind: 'missing', node: 'I1.2', message: 'thiếu số liệu' }],
  }));
  return {
    analysis: { format: 'dti-analysis/1', units: [{ code: 'C00001', q05: 0.1 }] },
    format: 'dti-publication/1',
    cycle: { id: 'c', year: 2024, level: 'commune', nameVi: 'Chỉ số chuyển đổi số 2024' },
    version: 2,
    reason: 'sửa lỗi',
    framework: { id: 'f', contentHash: 'h', document: { code: 'DTI', nodes: [{ code: 'P1' }] } },
    run: { id: 'r', inputsHash: 'i', resultsHash: 'r', engineVersion: '3', parameters: { rankNodes: 'groups' } },
    inputs: { units: inputs },
    results,
    previous: { publicationId: 'p', year: 2023, version: 1, values: { 'u-1': { value: 0.5, rank: 3 } } },
  };
}

async function* inBatches<T>(items: T[], size: number): AsyncGenerator<T[]> {
  for (let at = 0; at < items.length; at += size) yield items.slice(at, at + size);
}

/** The value written with its two large arrays streamed: the chunks, joined, and what the writer said. */
async function written(value: Record<string, unknown>, size = 7) {
  const inputs = (value.inputs as { units: unknown[] }).units;
  const results = value.results as unknown[];
  const chunks: Buffer[] = [];
  const progress: [number, number][] = [];
  const out = await writeCanonicalChunks(
    { ...value, inputs: { units: new StreamedArray('units') }, results: new StreamedArray('results') },
    { units: { count: inputs.length, batches: inBatches(inputs, size) }, results: { count: results.length, batches: inBatches(results, size) } },
    async (seq, bytes) => void chunks.push(Buffer.from(bytes)),
    (done, total) => progress.push([done, total]),
  );
  return { ...out, chunks, bytes: Buffer.concat(chunks), progress };
}

describe('writeCanonicalChunks (a snapshot written in chunks, its large arrays a batch at a time)', () => {
  it('writes exactly the bytes of canonicalJson of the whole value, hashed as written, with and without sections', async () => {
    for (const units of [0, 1, 40]) {
      const value = snapshotOf(units);
      const { analysis: _, ...withoutSections } = value;
      for (const v of [value, withoutSections]) {
        const text = canonicalJson(v);
        const out = await written(v);
        expect(out.bytes.toString('utf8')).toBe(text);
        expect(out.sha256).toBe(createHash('sha256').update(text, 'utf8').digest('hex'));
      }
    }
  });

  it('cuts the bytes into chunks of CHUNK_BYTES (the last shorter), a character split between two when it falls so', async () => {
    const value = snapshotOf(9_000);
    const text = canonicalJson(value);
    const out = await written(value, 500);
    expect(Buffer.byteLength(text)).toBeGreaterThan(2 * CHUNK_BYTES);
    expect(out.chunks.slice(0, -1).every((c) => c.length === CHUNK_BYTES)).toBe(true);
    expect(out.chunks.at(-1)!.length).toBeLessThanOrEqual(CHUNK_BYTES);
    expect(out.chunks.length).toBe(Math.ceil(Buffer.byteLength(text) / CHUNK_BYTES));
    expect(out.bytes.toString('utf8')).toBe(text);
    expect(out.progress.at(-1)).toEqual([18_000, 18_000]);
  });

  it('fails as the write of a chunk fails, even one still being written when the text ends', async () => {
    const value = snapshotOf(9_000);
    for (const failing of [0, 1, Math.ceil(Buffer.byteLength(canonicalJson(value)) / CHUNK_BYTES) - 1]) {
      const write = async (seq: number): Promise<void> => {
        await new Promise((resolve) => setTimeout(resolve, 5));
        if (seq === failing) throw new Error(`chunk ${seq} not stored`);
      };
      const inputs = (value.inputs as { units: unknown[] }).units;
      const results = value.results as unknown[];
      await expect(
        writeCanonicalChunks(
          { ...value, inputs: { units: new StreamedArray('units') }, results: new StreamedArray('results') },
          { units: { count: inputs.length, batches: inBatches(inputs, 500) }, results: { count: results.length, batches: inBatches(results, 500) } },
          write,
        ),
      ).rejects.toThrow(`chunk ${failing} not stored`);
    }
  });

  it('refuses an array that yields another number of items than it counted', async () => {
    await expect(
      writeCanonicalChunks({ results: new StreamedArray('results') }, { results: { count: 3, batches: inBatches([1, 2], 1) } }, async () => undefined),
    ).rejects.toThrow('2 items written, 3 counted');
  });
});

describe('readCanonicalSnapshot (the snapshot read back in pieces)', () => {
  /** The text in pieces of `size` characters. */
  async function* pieces(text: string, size: number): AsyncGenerator<string> {
    for (let at = 0; at < text.length; at += size) yield text.slice(at, at + size);
  }

  it('hands over every field parsed and each item of the two arrays, whatever the pieces', async () => {
    const value = snapshotOf(12);
    const text = canonicalJson(value);
    for (const size of [1, 3, 64, 1 << 20]) {
      const fields: Record<string, unknown> = {};
      const items: Record<StreamedPath, unknown[]> = { results: [], 'inputs.units': [] };
      await readCanonicalSnapshot(pieces(text, size), { field: (k, v) => void (fields[k] = v), item: (path, v) => void items[path].push(v) });
      const back = { ...fields, inputs: { units: items['inputs.units'] }, results: items.results };
      expect(canonicalJson(back)).toBe(text);
      // A visitor of the results only still reads past every field.
      const codes: string[] = [];
      await readCanonicalSnapshot(pieces(text, size), { item: async (path, v) => void (path === 'results' && codes.push((v as { code: string }).code)) });
      expect(codes).toEqual((value.results as { code: string }[]).map((r) => r.code));
    }
  });

  it("snapshotItems pulls one array's items, as text, past everything else (inputs with keys after units too)", async () => {
    const value = snapshotOf(12);
    const text = canonicalJson({ ...value, inputs: { before: 1, units: (value.inputs as { units: unknown[] }).units, zafter: [2] } });
    for (const size of [1, 5, 1 << 20]) {
      for (const path of ['inputs.units', 'results'] as const) {
        const items: string[] = [];
        for await (const item of snapshotItems(pieces(text, size), path)) items.push(item);
        const expected = path === 'results' ? value.results : (value.inputs as { units: unknown[] }).units;
        expect(items.map((i) => canonicalJson(JSON.parse(i)))).toEqual((expected as unknown[]).map((i) => canonicalJson(i)));
      }
    }
    const none: string[] = [];
    for await (const item of snapshotItems(pieces('{"inputs":{},"results":[]}', 2), 'inputs.units')) none.push(item);
    expect(none).toEqual([]);
  });

  it('refuses what is not a snapshot', async () => {
    for (const text of ['', '[1]', '{"results":[1,2}', '{"format":"x"', '{"format":"x"} 1', '{"cycle":,}']) {
      await expect(readCanonicalSnapshot(pieces(text, 2), {})).rejects.toThrow(SnapshotSyntaxError);
    }
  });
});
