import { deflatedZeros, tinyZip } from '../../test/fixtures/workbooks/tiny-zip';
import { inspectZip, WorkbookRefusedError, type ZipLimits } from './zip-inspect';

const limits: ZipLimits = { maxEntries: 10, maxDecompressedBytes: 50 * 1024 * 1024, maxCompressionRatio: 100, ratioGraceBytes: 1024 * 1024 };

describe('inspectZip', () => {
  it('lists every entry with its declared and counted sizes, and feeds the visitor the inflated bytes', async () => {
    const text = 'Chuyển đổi số '.repeat(1000);
    const seen: Buffer[] = [];
    const entries = await inspectZip(
      tinyZip([{ name: 'a/' }, { name: 'a/b.txt', data: text }, { name: 'c.bin', data: Buffer.from([1, 2, 3]), store: true }]),
      limits,
      (name) => (name === 'a/b.txt' ? (chunk) => seen.push(chunk) : undefined),
    );
    const size = Buffer.byteLength(text);
    expect(entries.map(({ name, declaredSize, inflatedSize }) => [name, declaredSize, inflatedSize])).toEqual([
      ['a/', 0, 0],
      ['a/b.txt', size, size],
      ['c.bin', 3, 3],
    ]);
    expect(Buffer.concat(seen).toString('utf8')).toBe(text);
  });

  it('stops inflating a lying entry at the first chunk past its declared size', async () => {
    const zeros = await deflatedZeros(100);
    let delivered = 0;
    const error = await inspectZip(tinyZip([{ name: 'bomb.xml', deflated: zeros, declaredSize: 1000 }]), limits, () => (chunk) => {
      delivered += chunk.length;
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkbookRefusedError);
    expect((error as WorkbookRefusedError).rule).toBe('decompressed-too-large');
    // Nothing past the declared size reaches the visitor, and the rest is never inflated.
    expect(delivered).toBeLessThanOrEqual(1000);
  });

  it('a visitor that throws a refusal stops the inspection with it', async () => {
    const error = await inspectZip(tinyZip([{ name: 'x', data: 'x' }]), limits, () => () => {
      throw new WorkbookRefusedError('corrupt', 'no');
    }).catch((e: unknown) => e);
    expect(error).toMatchObject({ rule: 'corrupt', message: 'no' });
  });

  it('refuses an unsupported compression method and an unreadable zip as corrupt', async () => {
    const zip = tinyZip([{ name: 'x', data: 'abc', store: true }]);
    zip.writeUInt16LE(14, 8); // LZMA in the local header
    zip.writeUInt16LE(14, zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])) + 10); // and in the central directory
    await expect(inspectZip(zip, limits)).rejects.toMatchObject({ rule: 'corrupt' });
    await expect(inspectZip(Buffer.from('PK\x03\x04 not really', 'latin1'), limits)).rejects.toMatchObject({ rule: 'corrupt' });
  });
});
