import * as yauzl from 'yauzl';

/**
 * The zip layer of the safe workbook reader: the central directory is read with yauzl (zip64, file name checks),
 * then every entry is inflated once, chunk by chunk, counting the bytes that actually come out. Nothing is kept in
 * memory except what a visitor chooses to keep, and inflation stops at the first limit crossed. The declared sizes
 * are checked first (cheap, before any inflation) but never trusted: an entry that inflates to more than it
 * declares is refused as soon as it does.
 */

/** Why a file was refused before any of its content was used; `rule` is stable, `message` is for people. */
export type WorkbookRefusalRule =
  | 'not-xlsx'
  | 'corrupt'
  | 'too-large'
  | 'too-many-entries'
  | 'decompressed-too-large'
  | 'compression-ratio'
  | 'too-many-rows'
  | 'too-many-columns'
  | 'encrypted'
  | 'macro';

export interface WorkbookRefusalDetails {
  /** The zip entry concerned, e.g. "xl/worksheets/sheet1.xml". */
  entry?: string;
  /** The sheet's tab name, for the row and column limits. */
  sheet?: string;
  /** The sheet's 0-based position among the tabs. */
  sheetIndex?: number;
  /** The first row over a limit (or the row where a column limit was crossed). */
  row?: number;
  /** The 1-based column number that crossed the column limit. */
  column?: number;
  /** The limit that was crossed. */
  limit?: number;
}

/** The only error the safe reader throws: a file refused, with the rule it broke. */
export class WorkbookRefusedError extends Error {
  constructor(
    readonly rule: WorkbookRefusalRule,
    message: string,
    readonly details: WorkbookRefusalDetails = {},
  ) {
    super(message);
    this.name = 'WorkbookRefusedError';
  }
}

export interface ZipLimits {
  /** Entries in the central directory, directories included. */
  maxEntries: number;
  /** Sum of the inflated sizes of all entries (declared and actual). */
  maxDecompressedBytes: number;
  /** Inflated / compressed size of one entry. */
  maxCompressionRatio: number;
  /** Entries that inflate to no more than this are not held to the ratio: small XML parts compress very well. */
  ratioGraceBytes: number;
}

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  declaredSize: number;
  /** The bytes that actually came out of the entry. */
  inflatedSize: number;
}

/** Called once per file entry before it is inflated; returns a sink for its inflated chunks, or nothing. */
export type ZipEntryVisitor = (name: string) => ((chunk: Buffer) => void) | undefined;

const ZIP_LOCAL_HEADER = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

export const looksLikeZip = (buffer: Buffer): boolean =>
  buffer.length >= 4 && buffer.subarray(0, 4).equals(ZIP_LOCAL_HEADER);

const mb = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** Inspect every entry of a zip held in memory; throws WorkbookRefusedError at the first limit crossed. */
export async function inspectZip(buffer: Buffer, limits: ZipLimits, visit?: ZipEntryVisitor): Promise<ZipEntryInfo[]> {
  return inspectOpened(await openZip((options, done) => yauzl.fromBuffer(buffer, options, done)), limits, visit);
}

/** inspectZip of a zip file on disk, read where yauzl needs it (an uploaded evidence file is never held whole). */
export async function inspectZipFile(path: string, limits: ZipLimits, visit?: ZipEntryVisitor): Promise<ZipEntryInfo[]> {
  return inspectOpened(await openZip((options, done) => yauzl.open(path, options, done)), limits, visit);
}

async function inspectOpened(zip: yauzl.ZipFile, limits: ZipLimits, visit?: ZipEntryVisitor): Promise<ZipEntryInfo[]> {
  try {
    if (zip.entryCount > limits.maxEntries) {
      throw new WorkbookRefusedError(
        'too-many-entries',
        `the file holds ${zip.entryCount} zip entries, more than the limit of ${limits.maxEntries}`,
        { limit: limits.maxEntries },
      );
    }
    const entries: ZipEntryInfo[] = [];
    const seen = new Set<string>();
    let declaredTotal = 0;
    const total = { inflated: 0 };
    for (let entry = await nextEntry(zip); entry !== null; entry = await nextEntry(zip)) {
      const name = entry.fileName;
      if (entries.length >= limits.maxEntries) {
        throw new WorkbookRefusedError('too-many-entries', `the file holds more than ${limits.maxEntries} zip entries`, {
          limit: limits.maxEntries,
        });
      }
      // Two entries with one name: readers disagree on which one wins, so neither is trusted.
      const key = name.toLowerCase();
      if (seen.has(key)) throw new WorkbookRefusedError('corrupt', `the zip holds "${name}" twice`, { entry: name });
      seen.add(key);
      if (entry.isEncrypted()) {
        throw new WorkbookRefusedError('encrypted', `the zip entry "${name}" is encrypted`, { entry: name });
      }
      if (name.endsWith('/')) {
        entries.push({ name, compressedSize: 0, declaredSize: 0, inflatedSize: 0 });
        continue;
      }
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new WorkbookRefusedError('corrupt', `the zip entry "${name}" uses compression method ${entry.compressionMethod}, not deflate`, {
          entry: name,
        });
      }
      declaredTotal += entry.uncompressedSize;
      if (declaredTotal > limits.maxDecompressedBytes) {
        throw new WorkbookRefusedError(
          'decompressed-too-large',
          `the zip entries declare more than ${mb(limits.maxDecompressedBytes)} once decompressed (the limit)`,
          { entry: name, limit: limits.maxDecompressedBytes },
        );
      }
      checkRatio(name, entry.uncompressedSize, entry.compressedSize, limits, 'declares');
      const inflatedSize = await inflateEntry(zip, entry, limits, total, visit?.(name));
      entries.push({ name, compressedSize: entry.compressedSize, declaredSize: entry.uncompressedSize, inflatedSize });
    }
    return entries;
  } finally {
    zip.close();
  }
}

function checkRatio(name: string, inflated: number, compressed: number, limits: ZipLimits, verb: string): void {
  if (inflated <= limits.ratioGraceBytes) return;
  const ratio = inflated / Math.max(compressed, 1);
  if (ratio > limits.maxCompressionRatio) {
    throw new WorkbookRefusedError(
      'compression-ratio',
      `the zip entry "${name}" ${verb} ${mb(inflated)} from ${compressed} compressed bytes, a ratio over ${limits.maxCompressionRatio} (a zip bomb?)`,
      { entry: name, limit: limits.maxCompressionRatio },
    );
  }
}

type ZipOpener = (options: yauzl.Options, done: (error: Error | null, zip?: yauzl.ZipFile) => void) => void;

function openZip(open: ZipOpener): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // validateEntrySizes is off because the sizes are counted here, with messages of our own.
    open({ lazyEntries: true, validateEntrySizes: false, decodeStrings: true, strictFileNames: false }, (error, zip) => {
      if (error || !zip) reject(new WorkbookRefusedError('corrupt', `not a readable zip file (${error?.message ?? 'no zip'})`));
      else resolve(zip);
    });
  });
}

function nextEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | null> {
  return new Promise((resolve, reject) => {
    const cleanup = (): void => {
      zip.removeListener('entry', onEntry);
      zip.removeListener('end', onEnd);
      zip.removeListener('error', onError);
    };
    const onEntry = (entry: yauzl.Entry): void => {
      cleanup();
      resolve(entry);
    };
    const onEnd = (): void => {
      cleanup();
      resolve(null);
    };
    const onError = (error: Error): void => {
      cleanup();
      reject(new WorkbookRefusedError('corrupt', `not a readable zip file (${error.message})`));
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function inflateEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  limits: ZipLimits,
  total: { inflated: number },
  sink: ((chunk: Buffer) => void) | undefined,
): Promise<number> {
  const name = entry.fileName;
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error || !stream) {
        reject(new WorkbookRefusedError('corrupt', `the zip entry "${name}" cannot be read (${error?.message ?? 'no stream'})`, { entry: name }));
        return;
      }
      let inflated = 0;
      let settled = false;
      const fail = (refusal: WorkbookRefusedError): void => {
        if (settled) return;
        settled = true;
        stream.destroy();
        reject(refusal);
      };
      stream.on('data', (chunk: Buffer) => {
        if (settled) return;
        inflated += chunk.length;
        total.inflated += chunk.length;
        if (inflated > entry.uncompressedSize) {
          fail(
            new WorkbookRefusedError(
              'decompressed-too-large',
              `the zip entry "${name}" inflates to more than the ${entry.uncompressedSize} bytes it declares (a zip bomb or a corrupt file)`,
              { entry: name },
            ),
          );
          return;
        }
        if (total.inflated > limits.maxDecompressedBytes) {
          fail(
            new WorkbookRefusedError('decompressed-too-large', `the file inflates to more than ${mb(limits.maxDecompressedBytes)} (the limit)`, {
              entry: name,
              limit: limits.maxDecompressedBytes,
            }),
          );
          return;
        }
        try {
          checkRatio(name, inflated, entry.compressedSize, limits, 'inflates to');
          sink?.(chunk);
        } catch (refusal) {
          fail(
            refusal instanceof WorkbookRefusedError
              ? refusal
              : new WorkbookRefusedError('corrupt', `the zip entry "${name}" cannot be read (${(refusal as Error).message})`, { entry: name }),
          );
        }
      });
      stream.on('error', (streamError: Error) =>
        fail(new WorkbookRefusedError('corrupt', `the zip entry "${name}" cannot be inflated (${streamError.message})`, { entry: name })),
      );
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(inflated);
      });
    });
  });
}
