import { open } from 'node:fs/promises';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';

/**
 * What a file is, judged by its content and never by its name or the Content-Type the client sent.
 *
 * `macros` is set on office documents that carry macros (VBA, Excel 4.0 macro sheets, OpenDocument Basic): such a
 * document is recognised, named, and refused.
 */
export interface DetectedFileType {
  readonly mime: string;
  readonly ext: string;
  readonly macros?: true;
}

const t = (mime: string, ext: string): DetectedFileType => Object.freeze({ mime, ext });

const PDF = t('application/pdf', 'pdf');
const PNG = t('image/png', 'png');
const JPEG = t('image/jpeg', 'jpg');
const GIF = t('image/gif', 'gif');
const WEBP = t('image/webp', 'webp');
const TIFF = t('image/tiff', 'tif');
const DOCX = t('application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx');
const XLSX = t('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx');
const PPTX = t('application/vnd.openxmlformats-officedocument.presentationml.presentation', 'pptx');
const DOC = t('application/msword', 'doc');
const XLS = t('application/vnd.ms-excel', 'xls');
const PPT = t('application/vnd.ms-powerpoint', 'ppt');
const ODT = t('application/vnd.oasis.opendocument.text', 'odt');
const ODS = t('application/vnd.oasis.opendocument.spreadsheet', 'ods');
const ODP = t('application/vnd.oasis.opendocument.presentation', 'odp');

/** The types an evidence file may have: PDF, images, office documents (OOXML, legacy OLE, OpenDocument). */
export const ALLOWED_EVIDENCE_TYPES: readonly DetectedFileType[] = Object.freeze([
  PDF,
  PNG,
  JPEG,
  GIF,
  WEBP,
  TIFF,
  DOCX,
  XLSX,
  PPTX,
  DOC,
  XLS,
  PPT,
  ODT,
  ODS,
  ODP,
]);

const ALLOWED_MIME = new Set(ALLOWED_EVIDENCE_TYPES.map((type) => type.mime));

/** Said in the refusal, so that an officer knows what to upload instead. */
export const ALLOWED_EVIDENCE_TYPES_TEXT =
  'PDF, PNG, JPEG, GIF, WebP, TIFF, Word (docx, doc, odt), Excel (xlsx, xls, ods), PowerPoint (pptx, ppt, odp) without macros';

export function isAllowedEvidenceType(type: DetectedFileType | null): type is DetectedFileType {
  return type !== null && ALLOWED_MIME.has(type.mime) && !type.macros;
}

/** The upload is not one of ALLOWED_EVIDENCE_TYPES (detected: the type found, or null when nothing was recognised). */
export class UnsupportedFileTypeError extends DomainException {
  constructor(
    readonly detected: DetectedFileType | null,
    readonly sizeBytes?: number,
  ) {
    const found =
      sizeBytes === 0
        ? 'the file is empty'
        : detected === null
          ? 'the content is of no recognised type'
          : `the content is ${detected.mime} (${detected.ext}${detected.macros ? ', with macros' : ''})`;
    const message = `${found}; allowed: ${ALLOWED_EVIDENCE_TYPES_TEXT}`;
    super(ErrorCode.UnprocessableEntity, `file: ${message}`, [{ field: 'file', rule: 'fileType', message }]);
    this.name = 'UnsupportedFileTypeError';
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Byte access. The detectors below are synchronous and read through a ByteView: over a Buffer that holds the whole
// file, or over a file on disk of which only some windows have been read yet. A read outside those windows throws
// NeedBytes; sniffUpload reads that range and runs the detection again, so only the few places that decide the type
// (head, zip central directory, OLE directory sectors) are ever read, never the whole file.
// ---------------------------------------------------------------------------------------------------------------

interface ByteView {
  readonly size: number;
  /** The bytes at [offset, offset + length) clipped to the file's size; fewer than asked means past the end. */
  bytes(offset: number, length: number): Buffer;
}

class NeedBytes {
  constructor(
    readonly offset: number,
    readonly length: number,
  ) {}
}

class BufferView implements ByteView {
  constructor(private readonly data: Buffer) {}
  get size(): number {
    return this.data.length;
  }
  bytes(offset: number, length: number): Buffer {
    if (offset < 0 || offset >= this.data.length || length <= 0) return Buffer.alloc(0);
    return this.data.subarray(offset, Math.min(this.data.length, offset + length));
  }
}

class WindowedFileView implements ByteView {
  private readonly windows: { offset: number; data: Buffer }[] = [];
  constructor(readonly size: number) {}

  add(offset: number, data: Buffer): void {
    this.windows.push({ offset, data });
  }

  bytes(offset: number, length: number): Buffer {
    if (offset < 0 || offset >= this.size || length <= 0) return Buffer.alloc(0);
    const end = Math.min(this.size, offset + length);
    for (const w of this.windows) {
      if (w.offset <= offset && end <= w.offset + w.data.length) {
        return w.data.subarray(offset - w.offset, end - w.offset);
      }
    }
    throw new NeedBytes(offset, end - offset);
  }
}

const HEAD_BYTES = 4096;

function startsWith(head: Buffer, signature: readonly number[] | string, at = 0): boolean {
  const sig = typeof signature === 'string' ? Buffer.from(signature, 'latin1') : Buffer.from(signature);
  return head.length >= at + sig.length && head.subarray(at, at + sig.length).equals(sig);
}

function detect(view: ByteView): DetectedFileType | null {
  const head = view.bytes(0, HEAD_BYTES);
  if (head.length === 0) return null;

  // Allowed formats. A signature must be at offset 0: a PDF header after other bytes is a polyglot, not a PDF.
  if (startsWith(head, '%PDF-')) return PDF;
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return PNG;
  if (startsWith(head, [0xff, 0xd8, 0xff])) return JPEG;
  if (startsWith(head, 'GIF87a') || startsWith(head, 'GIF89a')) return GIF;
  if (startsWith(head, 'RIFF') && startsWith(head, 'WEBP', 8)) return WEBP;
  // TIFF and BigTIFF, little- and big-endian.
  if (startsWith(head, [0x49, 0x49, 0x2a, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2a])) return TIFF;
  if (startsWith(head, [0x49, 0x49, 0x2b, 0x00]) || startsWith(head, [0x4d, 0x4d, 0x00, 0x2b])) return TIFF;
  if (startsWith(head, [0x50, 0x4b, 0x03, 0x04])) return detectZip(view);
  if (startsWith(head, [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1])) return detectOle(view);

  // Refused formats, named so that the refusal can say what was sent.
  if (startsWith(head, 'MZ')) return t('application/vnd.microsoft.portable-executable', 'exe');
  if (startsWith(head, [0x7f, 0x45, 0x4c, 0x46])) return t('application/x-elf', 'elf');
  for (const magic of [
    [0xfe, 0xed, 0xfa, 0xce],
    [0xfe, 0xed, 0xfa, 0xcf],
    [0xce, 0xfa, 0xed, 0xfe],
    [0xcf, 0xfa, 0xed, 0xfe],
  ]) {
    if (startsWith(head, magic)) return t('application/x-mach-binary', 'macho');
  }
  if (startsWith(head, [0xca, 0xfe, 0xba, 0xbe])) return t('application/java-vm', 'class');
  if (startsWith(head, [0x00, 0x61, 0x73, 0x6d])) return t('application/wasm', 'wasm');
  if (startsWith(head, [0x50, 0x4b, 0x05, 0x06]) || startsWith(head, [0x50, 0x4b, 0x07, 0x08])) {
    return t('application/zip', 'zip');
  }
  if (startsWith(head, [0x1f, 0x8b])) return t('application/gzip', 'gz');
  if (startsWith(head, [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c])) return t('application/x-7z-compressed', '7z');
  if (startsWith(head, 'Rar!\x1a\x07')) return t('application/vnd.rar', 'rar');
  if (startsWith(head, '{\\rtf')) return t('application/rtf', 'rtf');
  return detectText(head);
}

// ---------------------------------------------------------------------------------------------------------------
// Text: HTML, SVG and XML are named (they are script-capable or can carry markup); anything else that decodes as
// text is text/plain. All of them are refused.
// ---------------------------------------------------------------------------------------------------------------

function decodeText(head: Buffer): string | null {
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return head.subarray(3).toString('utf8');
  if (startsWith(head, [0xff, 0xfe])) return head.subarray(2).toString('utf16le');
  if (startsWith(head, [0xfe, 0xff])) {
    const swapped = Buffer.from(head.subarray(2, 2 + ((head.length - 2) & ~1)));
    return swapped.swap16().toString('utf16le');
  }
  // UTF-8 (ASCII included) with no control characters other than tab, newline, carriage return and form feed. A
  // multi-byte sequence cut at the end of the head is tolerated.
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head);
  const body = text.replace(/\uFFFD{1,3}$/, '');
  if (body.includes('\uFFFD')) return null;
  for (let i = 0; i < body.length; i++) {
    const c = body.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0c && c !== 0x0d) || c === 0x7f) return null;
  }
  return body;
}

function detectText(head: Buffer): DetectedFileType | null {
  const text = decodeText(head);
  if (text === null) return null;
  const start = text.replace(/^[\s\uFEFF]+/, '').toLowerCase();
  if (start.startsWith('#!')) return t('text/x-shellscript', 'sh');
  const withoutProlog = start.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/^(<!--[\s\S]*?-->\s*)+/, '');
  if (/^<!doctype\s+svg/.test(withoutProlog) || /^<svg[\s>/]/.test(withoutProlog)) return t('image/svg+xml', 'svg');
  if (
    /^<!doctype\s+html/.test(withoutProlog) ||
    /^<(html|head|body|script|iframe|frameset|meta|title|style|link|object|embed|form|div|img|a|p|h1|br|table)[\s>/]/.test(
      withoutProlog,
    )
  ) {
    return t('text/html', 'html');
  }
  if (start.startsWith('<?xml')) return t('application/xml', 'xml');
  return t('text/plain', 'txt');
}

// ---------------------------------------------------------------------------------------------------------------
// ZIP: OOXML (docx, xlsx, pptx) and OpenDocument (odt, ods, odp) are zips; which one is decided by the entry names
// in the central directory (found from the end-of-central-directory record, ZIP64 included). When the central
// directory is not in reach (a truncated buffer), the local file headers are walked from the start instead.
// ---------------------------------------------------------------------------------------------------------------

interface ZipEntry {
  name: string;
  /** Offset of the entry's local header, when known from the central directory. */
  localOffset?: number;
}

const MAX_ZIP_ENTRIES = 100_000;
const MAX_CENTRAL_DIRECTORY_BYTES = 16 * 1024 * 1024;
const EOCD_SIZE = 22;

function centralDirectoryEntries(view: ByteView): ZipEntry[] | null {
  const tailLength = Math.min(view.size, EOCD_SIZE + 0xffff);
  const tailStart = view.size - tailLength;
  const tail = view.bytes(tailStart, tailLength);
  let eocd = -1;
  for (let i = tail.length - EOCD_SIZE; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50 && i + EOCD_SIZE + tail.readUInt16LE(i + 20) === tail.length) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return null;
  let count = tail.readUInt16LE(eocd + 10);
  let cdSize = tail.readUInt32LE(eocd + 12);
  let cdOffset = tail.readUInt32LE(eocd + 16);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the locator sits right before the EOCD record and points at the ZIP64 EOCD record.
    if (eocd < 20 || tail.readUInt32LE(eocd - 20) !== 0x07064b50) return null;
    const recordOffset = Number(tail.readBigUInt64LE(eocd - 20 + 8));
    const record = view.bytes(recordOffset, 56);
    if (record.length < 56 || record.readUInt32LE(0) !== 0x06064b50) return null;
    count = Number(record.readBigUInt64LE(32));
    cdSize = Number(record.readBigUInt64LE(40));
    cdOffset = Number(record.readBigUInt64LE(48));
  }
  if (count > MAX_ZIP_ENTRIES || cdSize > MAX_CENTRAL_DIRECTORY_BYTES || cdOffset + cdSize > view.size) return null;
  const cd = view.bytes(cdOffset, cdSize);
  if (cd.length < cdSize) return null;
  const entries: ZipEntry[] = [];
  let p = 0;
  for (let i = 0; i < count; i++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) return null;
    const nameLength = cd.readUInt16LE(p + 28);
    const extraLength = cd.readUInt16LE(p + 30);
    const commentLength = cd.readUInt16LE(p + 32);
    if (p + 46 + nameLength > cd.length) return null;
    const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
    let localOffset = cd.readUInt32LE(p + 42);
    if (localOffset === 0xffffffff) localOffset = -1; // in the ZIP64 extra field; not needed to decide the type
    entries.push({ name, localOffset: localOffset >= 0 ? localOffset : undefined });
    p += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

function localHeaderEntries(view: ByteView): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let p = 0;
  while (entries.length < MAX_ZIP_ENTRIES) {
    const header = view.bytes(p, 30);
    if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) break;
    const flags = header.readUInt16LE(6);
    const compressedSize = header.readUInt32LE(18);
    const nameLength = header.readUInt16LE(26);
    const extraLength = header.readUInt16LE(28);
    const name = view.bytes(p + 30, nameLength);
    if (name.length < nameLength) break;
    entries.push({ name: name.toString('utf8'), localOffset: p });
    // With a data descriptor (flag bit 3) the size is only known after the data: the walk cannot go on.
    if ((flags & 0x08) !== 0 && compressedSize === 0) break;
    if (compressedSize === 0xffffffff) break;
    p += 30 + nameLength + extraLength + compressedSize;
  }
  return entries;
}

/** The content of a stored (uncompressed), short entry such as the OpenDocument `mimetype`. */
function storedEntryText(view: ByteView, localOffset: number, maxLength: number): string | null {
  const header = view.bytes(localOffset, 30);
  if (header.length < 30 || header.readUInt32LE(0) !== 0x04034b50) return null;
  const method = header.readUInt16LE(8);
  const size = header.readUInt32LE(18);
  if (method !== 0 || size === 0 || size > maxLength) return null;
  const start = localOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
  const data = view.bytes(start, size);
  return data.length === size ? data.toString('latin1').trim() : null;
}

const OPENDOCUMENT: Record<string, DetectedFileType> = {
  [ODT.mime]: ODT,
  [ODS.mime]: ODS,
  [ODP.mime]: ODP,
  'application/vnd.oasis.opendocument.graphics': t('application/vnd.oasis.opendocument.graphics', 'odg'),
  'application/epub+zip': t('application/epub+zip', 'epub'),
};

function detectZip(view: ByteView): DetectedFileType {
  const entries = centralDirectoryEntries(view) ?? localHeaderEntries(view);
  const names = entries.map((e) => e.name);
  const has = (prefix: string) => names.some((n) => n.startsWith(prefix));
  const macros = names.some((n) => /(^|\/)vbaProject\.bin$/i.test(n) || /^xl\/macrosheets\//i.test(n));

  if (names.includes('[Content_Types].xml')) {
    if (has('word/')) {
      return macros ? { mime: 'application/vnd.ms-word.document.macroEnabled.12', ext: 'docm', macros: true } : DOCX;
    }
    if (has('xl/')) {
      return macros ? { mime: 'application/vnd.ms-excel.sheet.macroEnabled.12', ext: 'xlsm', macros: true } : XLSX;
    }
    if (has('ppt/')) {
      return macros
        ? { mime: 'application/vnd.ms-powerpoint.presentation.macroEnabled.12', ext: 'pptm', macros: true }
        : PPTX;
    }
  }

  const mimetype = entries.find((e) => e.name === 'mimetype');
  if (mimetype?.localOffset !== undefined) {
    const declared = storedEntryText(view, mimetype.localOffset, 200);
    const known = declared === null ? undefined : OPENDOCUMENT[declared];
    if (known) {
      const scripted = names.some((n) => /^(Basic|Scripts)\//.test(n));
      return scripted ? { ...known, macros: true } : known;
    }
  }
  if (names.includes('META-INF/MANIFEST.MF')) return t('application/java-archive', 'jar');
  return t('application/zip', 'zip');
}

// ---------------------------------------------------------------------------------------------------------------
// OLE compound files (MS-CFB): .doc, .xls and .ppt are told apart by the streams at the root of the directory
// (WordDocument; Workbook or Book; PowerPoint Document). Other OLE files (installers .msi, Outlook .msg, ...) are
// named application/x-ole-storage and refused. Word and Excel macros live in storages named Macros, VBA or
// _VBA_PROJECT_CUR; PowerPoint 97 keeps its VBA inside the PowerPoint Document stream, which is not inspected.
// ---------------------------------------------------------------------------------------------------------------

const OLE_GENERIC = t('application/x-ole-storage', 'cfb');
const ENDOFCHAIN = 0xfffffffe;
const MAX_SECTOR = 0xfffffffa;
const MAX_DIRECTORY_SECTORS = 4096;

function detectOle(view: ByteView): DetectedFileType {
  const header = view.bytes(0, 512);
  if (header.length < 512) return OLE_GENERIC;
  const shift = header.readUInt16LE(30);
  if (shift !== 9 && shift !== 12) return OLE_GENERIC;
  const sectorSize = 1 << shift;
  const perSector = sectorSize / 4;
  const sectorOffset = (sector: number) => (sector + 1) * sectorSize;
  const u32 = (offset: number): number | null => {
    const b = view.bytes(offset, 4);
    return b.length === 4 ? b.readUInt32LE(0) : null;
  };

  /** The sector that holds the index-th block of the FAT, from the header's 109 entries or the DIFAT chain. */
  const fatSector = (index: number): number | null => {
    if (index < 109) return header.readUInt32LE(76 + index * 4);
    let difat: number | null = header.readUInt32LE(68);
    let rest = index - 109;
    for (let hops = 0; difat !== null && difat <= MAX_SECTOR && hops < 1 << 16; hops++) {
      if (rest < perSector - 1) return u32(sectorOffset(difat) + rest * 4);
      rest -= perSector - 1;
      difat = u32(sectorOffset(difat) + (perSector - 1) * 4);
    }
    return null;
  };
  const next = (sector: number): number | null => {
    const fat = fatSector(Math.floor(sector / perSector));
    if (fat === null || fat > MAX_SECTOR) return null;
    return u32(sectorOffset(fat) + (sector % perSector) * 4);
  };

  // The directory: 128-byte entries in the chain that starts at the header's first directory sector.
  const directory: { name: string; type: number; left: number; right: number; child: number }[] = [];
  const seen = new Set<number>();
  let sector: number | null = header.readUInt32LE(48);
  while (sector !== null && sector !== ENDOFCHAIN) {
    if (sector > MAX_SECTOR || seen.has(sector) || seen.size >= MAX_DIRECTORY_SECTORS) return OLE_GENERIC;
    seen.add(sector);
    const data = view.bytes(sectorOffset(sector), sectorSize);
    if (data.length < sectorSize) return OLE_GENERIC;
    for (let p = 0; p < sectorSize; p += 128) {
      const nameLength = Math.min(64, data.readUInt16LE(p + 64));
      directory.push({
        name: data.toString('utf16le', p, p + Math.max(0, nameLength - 2)),
        type: data[p + 66],
        left: data.readUInt32LE(p + 68),
        right: data.readUInt32LE(p + 72),
        child: data.readUInt32LE(p + 76),
      });
    }
    sector = next(sector);
  }
  if (directory.length === 0 || directory[0].type !== 5) return OLE_GENERIC;

  // The root's children are a red-black tree hanging from the root entry's child.
  const rootNames = new Set<string>();
  const stack = [directory[0].child];
  const visited = new Set<number>();
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id >= directory.length || visited.has(id)) continue;
    visited.add(id);
    const entry = directory[id];
    if (entry.type === 1 || entry.type === 2) rootNames.add(entry.name);
    stack.push(entry.left, entry.right);
  }
  const macros = directory.some((e) => e.type === 1 && ['Macros', 'VBA', '_VBA_PROJECT_CUR'].includes(e.name));
  const type = rootNames.has('WordDocument')
    ? DOC
    : rootNames.has('PowerPoint Document')
      ? PPT
      : rootNames.has('Workbook') || rootNames.has('Book')
        ? XLS
        : OLE_GENERIC;
  return macros && type !== OLE_GENERIC ? { ...type, macros: true } : type;
}

// ---------------------------------------------------------------------------------------------------------------
// Entry points.
// ---------------------------------------------------------------------------------------------------------------

/**
 * The type of a file from its bytes, or null when nothing is recognised. Pass the whole file: a zip or OLE file is
 * told apart by structures that may lie anywhere in it (the zip's central directory is at the end). Given only a
 * head, a zip is judged from the local headers in it, and an OLE file whose directory is out of reach is reported
 * as application/x-ole-storage. Returns refused types too (exe, html, svg, text, plain zip, ...): use
 * isAllowedEvidenceType or sniffUpload to decide.
 */
export function detectFileType(data: Buffer): DetectedFileType | null {
  return detect(new BufferView(data));
}

const WINDOW_BYTES = 64 * 1024;
const MAX_READ_ROUNDS = 32;

/** detectFileType over a file on disk, reading only the ranges the decision needs. */
export async function detectFileTypeOfFile(path: string): Promise<{ type: DetectedFileType | null; sizeBytes: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const view = new WindowedFileView(size);
    const readRange = async (offset: number, length: number) => {
      const data = Buffer.alloc(Math.max(0, Math.min(length, size - offset)));
      const { bytesRead } = await handle.read(data, 0, data.length, offset);
      view.add(offset, data.subarray(0, bytesRead));
    };
    await readRange(0, WINDOW_BYTES);
    if (size > WINDOW_BYTES) await readRange(Math.max(WINDOW_BYTES, size - WINDOW_BYTES - EOCD_SIZE), WINDOW_BYTES + EOCD_SIZE);
    for (let round = 0; round < MAX_READ_ROUNDS; round++) {
      try {
        return { type: detect(view), sizeBytes: size };
      } catch (err) {
        if (!(err instanceof NeedBytes)) throw err;
        const start = err.offset - (err.offset % WINDOW_BYTES);
        await readRange(start, Math.max(WINDOW_BYTES, err.offset + err.length - start));
      }
    }
    return { type: null, sizeBytes: size };
  } finally {
    await handle.close();
  }
}

/**
 * The type of an upload (a file path or its bytes) if it is an allowed evidence type; else UnsupportedFileTypeError
 * (422, field `file`, naming the detected type).
 */
export async function sniffUpload(input: string | Buffer): Promise<DetectedFileType> {
  const { type, sizeBytes } =
    typeof input === 'string' ? await detectFileTypeOfFile(input) : { type: detectFileType(input), sizeBytes: input.length };
  if (!isAllowedEvidenceType(type)) throw new UnsupportedFileTypeError(type, sizeBytes);
  return type;
}
