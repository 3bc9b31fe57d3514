import ExcelJS from 'exceljs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync, deflateSync } from 'node:zlib';
import { DomainException } from '../common/domain.exception';
import { ERROR_STATUS, ErrorCode } from '../common/error-code';
import {
  ALLOWED_EVIDENCE_TYPES,
  DetectedFileType,
  detectFileType,
  detectFileTypeOfFile,
  isAllowedEvidenceType,
  sniffUpload,
  UnsupportedFileTypeError,
} from './file-type';

// ------------------------------------------------------------------------------------------------------------------
// Minimal real files, built byte by byte.
// ------------------------------------------------------------------------------------------------------------------

const u16 = (n: number) => {
  const b = Buffer.alloc(2);
  b.writeUInt16LE(n);
  return b;
};
const u32 = (n: number) => {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(n >>> 0);
  return b;
};

interface ZipInput {
  name: string;
  data: string | Buffer;
  deflate?: boolean;
}

/** A zip with local headers, central directory and end record; entries stored or deflated. */
function zip(entries: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const raw = Buffer.isBuffer(entry.data) ? entry.data : Buffer.from(entry.data, 'utf8');
    const data = entry.deflate ? deflateRawSync(raw) : raw;
    const method = entry.deflate ? 8 : 0;
    const crc = crc32(raw);
    const common = [u16(0), u16(method), u16(0), u16(0x21), u32(crc), u32(data.length), u32(raw.length), u16(name.length)];
    const local = Buffer.concat([u32(0x04034b50), u16(20), ...common, u16(0), name, data]);
    centrals.push(
      Buffer.concat([u32(0x02014b50), u16(20), u16(20), ...common, u16(0), u16(0), u16(0), u16(0), u32(0), u32(offset), name]),
    );
    locals.push(local);
    offset += local.length;
  }
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.concat([
    u32(0x06054b50),
    u16(0),
    u16(0),
    u16(entries.length),
    u16(entries.length),
    u32(cd.length),
    u32(offset),
    u16(0),
  ]);
  return Buffer.concat([...locals, cd, eocd]);
}

const CONTENT_TYPES = '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>';
const RELS = '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>';

function docx(extra: ZipInput[] = []): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES, deflate: true },
    { name: '_rels/.rels', data: RELS, deflate: true },
    { name: 'word/document.xml', data: '<w:document><w:body><w:p><w:r><w:t>Chỉ số DTI</w:t></w:r></w:p></w:body></w:document>', deflate: true },
    ...extra,
  ]);
}

function pptx(): Buffer {
  return zip([
    { name: '[Content_Types].xml', data: CONTENT_TYPES },
    { name: '_rels/.rels', data: RELS },
    { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    { name: 'ppt/slides/slide1.xml', data: '<p:sld/>' },
  ]);
}

function openDocument(mimetype: string, extra: ZipInput[] = []): Buffer {
  return zip([
    { name: 'mimetype', data: mimetype },
    { name: 'content.xml', data: '<office:document-content/>', deflate: true },
    { name: 'META-INF/manifest.xml', data: '<manifest:manifest/>', deflate: true },
    ...extra,
  ]);
}

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Chỉ tiêu');
  sheet.getCell('A1').value = 'Mã';
  sheet.getCell('B1').value = 42;
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

interface OleEntry {
  name: string;
  type: 1 | 2; // storage or stream
}

/**
 * A compound file (MS-CFB v3, 512-byte sectors): FAT sectors first, the one directory sector at `directorySector`,
 * free sectors elsewhere, `totalSectors` sectors in all. The root's children hang as a right-leaning chain.
 */
function ole(entries: OleEntry[], { totalSectors = 3, directorySector = 1 } = {}): Buffer {
  const fatSectors = Math.ceil(totalSectors / 128);
  const header = Buffer.alloc(512, 0);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(header, 0);
  header.writeUInt16LE(0x3e, 24);
  header.writeUInt16LE(3, 26);
  header.writeUInt16LE(0xfffe, 28);
  header.writeUInt16LE(9, 30);
  header.writeUInt16LE(6, 32);
  header.writeUInt32LE(fatSectors, 44);
  header.writeUInt32LE(directorySector, 48);
  header.writeUInt32LE(4096, 56);
  header.writeUInt32LE(0xfffffffe, 60);
  header.writeUInt32LE(0xfffffffe, 68);
  for (let i = 0; i < 109; i++) header.writeUInt32LE(i < fatSectors ? i : 0xffffffff, 76 + i * 4);

  const sectors = Array.from({ length: totalSectors }, () => Buffer.alloc(512, 0));
  const fat = Buffer.alloc(fatSectors * 512, 0xff);
  for (let i = 0; i < fatSectors; i++) fat.writeUInt32LE(0xfffffffd, i * 4);
  fat.writeUInt32LE(0xfffffffe, directorySector * 4);
  for (let i = 0; i < fatSectors; i++) fat.copy(sectors[i], 0, i * 512, (i + 1) * 512);

  const all = [{ name: 'Root Entry', type: 5 }, ...entries];
  if (all.length > 4) throw new Error('one directory sector holds 4 entries');
  const dir = sectors[directorySector];
  all.forEach((entry, id) => {
    const p = id * 128;
    Buffer.from(entry.name + '\0', 'utf16le').copy(dir, p);
    dir.writeUInt16LE((entry.name.length + 1) * 2, p + 64);
    dir[p + 66] = entry.type;
    dir[p + 67] = 1;
    dir.writeUInt32LE(0xffffffff, p + 68);
    dir.writeUInt32LE(id > 0 && id + 1 < all.length ? id + 1 : 0xffffffff, p + 72);
    dir.writeUInt32LE(id === 0 && all.length > 1 ? 1 : 0xffffffff, p + 76);
    dir.writeUInt32LE(0xfffffffe, p + 116);
  });
  for (let i = all.length; i < 4; i++) {
    dir.writeUInt32LE(0xffffffff, i * 128 + 68);
    dir.writeUInt32LE(0xffffffff, i * 128 + 72);
    dir.writeUInt32LE(0xffffffff, i * 128 + 76);
  }
  return Buffer.concat([header, ...sectors]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, body, crc]);
}

/** A 1×1 red RGBA PNG. */
function png(): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(1, 0);
  ihdr.writeUInt32BE(1, 4);
  ihdr.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(Buffer.from([0, 255, 0, 0, 255]))),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function pdf(): Buffer {
  const objects = [
    '1 0 obj <</Type /Catalog /Pages 2 0 R>> endobj',
    '2 0 obj <</Type /Pages /Kids [3 0 R] /Count 1>> endobj',
    '3 0 obj <</Type /Page /Parent 2 0 R /MediaBox [0 0 200 200]>> endobj',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  for (const object of objects) {
    offsets.push(body.length);
    body += object + '\n';
  }
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  body += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  body += `trailer <</Size ${objects.length + 1} /Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** SOI, a JFIF APP0 segment, EOI. */
const jpeg = () =>
  Buffer.from([
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0x01, 0x00, 0x00, 0x01, 0x00, 0x01, 0x00, 0x00,
    0xff, 0xd9,
  ]);
/** A 1×1 transparent GIF89a. */
const gif = () => Buffer.from('R0lGODlhAQABAIAAAP///wAAACH5BAEAAAAALAAAAAABAAEAAAICRAEAOw==', 'base64');
/** A 1×1 lossless WebP. */
const webp = () => Buffer.from('UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==', 'base64');
/** Little-endian TIFF header and an empty IFD. */
const tiff = () => Buffer.from([0x49, 0x49, 0x2a, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);
const tiffBigEndian = () => Buffer.from([0x4d, 0x4d, 0x00, 0x2a, 0x00, 0x00, 0x00, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00]);

/** A DOS header stub as in every Windows executable. */
function exe(): Buffer {
  const b = Buffer.alloc(256, 0);
  b.write('MZ', 0, 'latin1');
  b.writeUInt32LE(0x80, 0x3c);
  b.write('This program cannot be run in DOS mode.', 0x4e, 'latin1');
  b.write('PE\0\0', 0x80, 'latin1');
  return b;
}

const html = () =>
  Buffer.from('<!DOCTYPE html>\n<html><head><title>Báo cáo</title></head><body><script>alert(1)</script></body></html>\n');
const svg = () =>
  Buffer.from('<?xml version="1.0" encoding="UTF-8"?>\n<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>');

const mime = (type: DetectedFileType | null) => type?.mime ?? null;

// ------------------------------------------------------------------------------------------------------------------

describe('detectFileType: allowed evidence types by content', () => {
  const cases: [string, () => Buffer | Promise<Buffer>, string][] = [
    ['PDF', pdf, 'pdf'],
    ['PNG', png, 'png'],
    ['JPEG', jpeg, 'jpg'],
    ['GIF', gif, 'gif'],
    ['WebP', webp, 'webp'],
    ['TIFF little-endian', tiff, 'tif'],
    ['TIFF big-endian', tiffBigEndian, 'tif'],
    ['docx (hand-built zip, deflated entries)', () => docx(), 'docx'],
    ['xlsx (written by exceljs)', xlsx, 'xlsx'],
    ['pptx (hand-built zip, stored entries)', pptx, 'pptx'],
    ['doc (OLE with WordDocument)', () => ole([{ name: 'WordDocument', type: 2 }, { name: '1Table', type: 2 }]), 'doc'],
    ['xls (OLE with Workbook)', () => ole([{ name: 'Workbook', type: 2 }]), 'xls'],
    ['xls BIFF5 (OLE with Book)', () => ole([{ name: 'Book', type: 2 }]), 'xls'],
    ['ppt (OLE with PowerPoint Document)', () => ole([{ name: 'PowerPoint Document', type: 2 }, { name: 'Current User', type: 2 }]), 'ppt'],
    ['odt', () => openDocument('application/vnd.oasis.opendocument.text'), 'odt'],
    ['ods', () => openDocument('application/vnd.oasis.opendocument.spreadsheet'), 'ods'],
    ['odp', () => openDocument('application/vnd.oasis.opendocument.presentation'), 'odp'],
  ];

  it.each(cases)('%s', async (_label, make, ext) => {
    const bytes = await make();
    const type = detectFileType(bytes);
    expect(type?.ext).toBe(ext);
    expect(isAllowedEvidenceType(type)).toBe(true);
    expect(ALLOWED_EVIDENCE_TYPES).toContainEqual(type);
    await expect(sniffUpload(bytes)).resolves.toEqual(type);
  });

  it('every allowed type is covered above', () => {
    expect(new Set(cases.map(([, , ext]) => ext))).toEqual(new Set(ALLOWED_EVIDENCE_TYPES.map((type) => type.ext)));
  });

  it('a docx given only its head (no central directory) is judged from its local headers', () => {
    const bytes = docx();
    const head = bytes.subarray(0, bytes.indexOf(Buffer.from('word/document.xml')) + 40);
    expect(detectFileType(head)?.ext).toBe('docx');
  });

  it('an OpenDocument whose mimetype entry is not the first is still recognised through the central directory', () => {
    const bytes = zip([
      { name: 'content.xml', data: '<office:document-content/>' },
      { name: 'mimetype', data: 'application/vnd.oasis.opendocument.spreadsheet' },
    ]);
    expect(detectFileType(bytes)?.ext).toBe('ods');
  });
});

describe('detectFileType and sniffUpload: refused content, whatever the file is called', () => {
  const cases: [string, () => Buffer, string | null][] = [
    ['an HTML page named report.pdf', html, 'text/html'],
    ['HTML without a doctype', () => Buffer.from('  \n<html><body>x</body></html>'), 'text/html'],
    ['a Windows executable (MZ) named scan.pdf', exe, 'application/vnd.microsoft.portable-executable'],
    ['an ELF executable', () => Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), 'application/x-elf'],
    ['a shell script', () => Buffer.from('#!/bin/sh\nrm -rf /\n'), 'text/x-shellscript'],
    ['an SVG image (can carry script)', svg, 'image/svg+xml'],
    ['an SVG without XML prolog', () => Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'image/svg+xml'],
    ['plain text (Vietnamese UTF-8)', () => Buffer.from('Báo cáo chuyển đổi số năm 2022\n'), 'text/plain'],
    ['an XML file', () => Buffer.from('<?xml version="1.0"?><data/>'), 'application/xml'],
    ['a zip of a text file', () => zip([{ name: 'hello.txt', data: 'xin chào' }]), 'application/zip'],
    ['a zip with [Content_Types].xml but no office part', () => zip([{ name: '[Content_Types].xml', data: CONTENT_TYPES }, { name: 'evil.exe', data: exe() }]), 'application/zip'],
    ['a zip with word/ but no [Content_Types].xml', () => zip([{ name: 'word/document.xml', data: '<w:document/>' }]), 'application/zip'],
    ['a jar', () => zip([{ name: 'META-INF/MANIFEST.MF', data: 'Manifest-Version: 1.0\n' }]), 'application/java-archive'],
    ['an EPUB', () => openDocument('application/epub+zip'), 'application/epub+zip'],
    ['an empty zip', () => Buffer.concat([u32(0x06054b50), Buffer.alloc(18)]), 'application/zip'],
    ['a gzip', () => Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0]), 'application/gzip'],
    ['RTF', () => Buffer.from('{\\rtf1\\ansi hello}'), 'application/rtf'],
    ['an OLE file that is no office document (e.g. an .msi)', () => ole([{ name: 'SummaryInformation', type: 2 }]), 'application/x-ole-storage'],
    ['a bare OLE header', () => ole([]).subarray(0, 512), 'application/x-ole-storage'],
    ['random bytes', () => Buffer.from([0x00, 0x01, 0x02, 0x03, 0xfe, 0xff, 0x00, 0x9c]), null],
    ['a PDF signature after an HTML prefix (polyglot)', () => Buffer.concat([html(), pdf()]), 'text/html'],
  ];

  it.each(cases)('%s', async (_label, make, expected) => {
    const bytes = make();
    const type = detectFileType(bytes);
    expect(mime(type)).toBe(expected);
    expect(isAllowedEvidenceType(type)).toBe(false);
    const error = await sniffUpload(bytes).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(UnsupportedFileTypeError);
    expect((error as UnsupportedFileTypeError).detected).toEqual(type);
  });

  it('documents with macros are recognised and refused', () => {
    const docm = detectFileType(docx([{ name: 'word/vbaProject.bin', data: Buffer.from([0xd0, 0xcf, 0x11, 0xe0]) }]));
    expect(docm).toMatchObject({ ext: 'docm', macros: true });
    expect(isAllowedEvidenceType(docm)).toBe(false);

    const xlsm = detectFileType(
      zip([
        { name: '[Content_Types].xml', data: CONTENT_TYPES },
        { name: 'xl/workbook.xml', data: '<workbook/>' },
        { name: 'xl/macrosheets/sheet1.xml', data: '<xm:macrosheet/>' },
      ]),
    );
    expect(xlsm).toMatchObject({ ext: 'xlsm', macros: true });

    const doc = detectFileType(ole([{ name: 'WordDocument', type: 2 }, { name: 'Macros', type: 1 }]));
    expect(doc).toMatchObject({ ext: 'doc', macros: true });
    expect(isAllowedEvidenceType(doc)).toBe(false);

    const xls = detectFileType(ole([{ name: 'Workbook', type: 2 }, { name: '_VBA_PROJECT_CUR', type: 1 }]));
    expect(xls).toMatchObject({ ext: 'xls', macros: true });

    const odt = detectFileType(
      openDocument('application/vnd.oasis.opendocument.text', [{ name: 'Basic/Standard/Module1.xml', data: '<script:module/>' }]),
    );
    expect(odt).toMatchObject({ ext: 'odt', macros: true });
    expect(isAllowedEvidenceType(odt)).toBe(false);
  });

  it('the refusal is a 422 naming the field file and the detected type', async () => {
    const error = (await sniffUpload(html()).catch((err: unknown) => err)) as UnsupportedFileTypeError;
    expect(error).toBeInstanceOf(DomainException);
    expect(error.code).toBe(ErrorCode.UnprocessableEntity);
    expect(ERROR_STATUS[error.code]).toBe(422);
    expect(error.message).toMatch(/^file: the content is text\/html \(html\); allowed: PDF, /);
    expect(error.details).toEqual([{ field: 'file', rule: 'fileType', message: expect.stringContaining('text/html') }]);

    const unknown = (await sniffUpload(Buffer.from([0, 1, 2, 3])).catch((err: unknown) => err)) as UnsupportedFileTypeError;
    expect(unknown.message).toMatch(/^file: the content is of no recognised type;/);
    const empty = (await sniffUpload(Buffer.alloc(0)).catch((err: unknown) => err)) as UnsupportedFileTypeError;
    expect(empty.message).toMatch(/^file: the file is empty;/);
  });
});

describe('sniffUpload and detectFileTypeOfFile on files on disk', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'dti-file-type-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  const onDisk = async (name: string, bytes: Buffer) => {
    const path = join(dir, name);
    await writeFile(path, bytes);
    return path;
  };

  it('gives the same answer as on the bytes, whatever the name', async () => {
    const samples: [string, Buffer][] = [
      ['a.bin', pdf()],
      ['b.pdf', png()],
      ['c.docx', await xlsx()],
      ['d.xlsx', docx()],
      ['e.jpg', pptx()],
      ['f.txt', ole([{ name: 'WordDocument', type: 2 }])],
      ['g.odt', openDocument('application/vnd.oasis.opendocument.text')],
      ['report.pdf', html()],
      ['scan.pdf', exe()],
      ['empty.pdf', Buffer.alloc(0)],
    ];
    for (const [name, bytes] of samples) {
      const { type, sizeBytes } = await detectFileTypeOfFile(await onDisk(name, bytes));
      expect({ name, type }).toEqual({ name, type: detectFileType(bytes) });
      expect(sizeBytes).toBe(bytes.length);
    }
    await expect(sniffUpload(join(dir, 'report.pdf'))).rejects.toBeInstanceOf(UnsupportedFileTypeError);
    await expect(sniffUpload(join(dir, 'a.bin'))).resolves.toMatchObject({ mime: 'application/pdf' });
  });

  it('reads the OLE directory from the middle of a large file', async () => {
    const bytes = ole([{ name: 'Workbook', type: 2 }], { totalSectors: 600, directorySector: 300 });
    expect(bytes.length).toBeGreaterThan(256 * 1024);
    expect(detectFileType(bytes)?.ext).toBe('xls');
    expect((await detectFileTypeOfFile(await onDisk('big.xls', bytes))).type?.ext).toBe('xls');
  });

  it('reads the central directory at the end of a large zip', async () => {
    const filler = Buffer.alloc(300 * 1024, 7);
    const bytes = zip([
      { name: '[Content_Types].xml', data: CONTENT_TYPES },
      { name: 'ppt/media/image1.bin', data: filler },
      { name: 'ppt/presentation.xml', data: '<p:presentation/>' },
    ]);
    expect((await detectFileTypeOfFile(await onDisk('big.pptx', bytes))).type?.ext).toBe('pptx');
  });
});
