/**
 * Uploads are checked before their bytes are written (who, where, phase and window, the cycle), refused ones leave no
 * file, a sweep removes files no row names, each user has an upload rate and quota, and an office document that is a
 * zip bomb or a sheet of a million rows is refused as evidence (issue #15, faults 3 and 10).
 */
import { getQueueToken } from '@nestjs/bullmq';
import type { Queue } from 'bullmq';
import Redis from 'ioredis';
import { readdir, rm, stat, utimes } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Readable } from 'node:stream';
import { AppConfig } from '../src/config/app-config';
import { FILE_STORAGE, type FileStorage } from '../src/storage/file-storage';
import { fileReferences, OrphanFilesService } from '../src/storage/orphan-files.service';
import { MaintenanceProducer } from '../src/queue/maintenance.producer';
import { QueueName } from '../src/queue/queue-name';
import { ScheduledJobName } from '../src/queue/scheduled-job';
import { tinyZip } from './fixtures/workbooks/tiny-zip';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { firstLeaf, frameworkFile } from './utils/framework-files';
import { resetState, setNow, restoreClock, signedInUser, startTestApp, type TestApp } from './utils/test-app';
import { drainQueues, startTestWorker } from './utils/test-worker';
import { Role } from '../src/auth/role';

const INDICATOR = firstLeaf(frameworkFile('pdti-2022.yaml'), (n) => (n.source ?? 'self') === 'self' && n.evidence === 'required').code;
const MISSING_CYCLE = '00000000-0000-4000-8000-000000000000';
/** A 2 MB PDF, as in the sweep that found the fault. */
const pdf = (bytes = 2 * 1024 * 1024, fill = 32): Buffer =>
  Buffer.concat([Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n'), Buffer.alloc(bytes, fill), Buffer.from('\n%%EOF\n')]);
const XLSX_PARTS = [
  { name: '[Content_Types].xml', data: '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>' },
  { name: 'xl/workbook.xml', data: '<?xml version="1.0"?><workbook><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>' },
];
const sheetXml = (rows: string) => `<?xml version="1.0"?><worksheet><sheetData>${rows}</sheetData></worksheet>`;

describe('upload limits: checks before bytes, the orphan sweep, rate and quota, zip bombs as evidence', () => {
  let t: TestApp;
  let c: OpenCycle;
  let config: AppConfig;
  let uploadDir: string;
  const evidenceUrl = (unitId: string, cycleId = c.cycleId) => `/api/v1/cycles/${cycleId}/units/${unitId}/submission/evidence/files`;
  const version = async () =>
    Number((await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`).set(c.officerA.auth).expect(200)).headers.etag.replace(/"/g, ''));

  /** Every file in the upload folder, temporary ones included, relative to it. */
  async function filesOnDisk(dir = uploadDir): Promise<string[]> {
    const out: string[] = [];
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) out.push(...(await filesOnDisk(path)));
      else out.push(relative(uploadDir, path));
    }
    return out.sort();
  }
  const storedKeys = async () => (await filesOnDisk()).filter((f) => !f.startsWith('.incoming'));

  async function clearUploadCounters(): Promise<void> {
    const redis = new Redis(config.REDIS_URL);
    try {
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:uploads:*`);
      if (keys.length) await redis.del(...keys);
    } finally {
      redis.disconnect();
    }
  }

  beforeAll(async () => {
    t = await startTestApp();
    config = t.app.get(AppConfig);
    uploadDir = (t.app.get<FileStorage>(FILE_STORAGE) as unknown as { root: string }).root;
  });
  beforeEach(async () => {
    await resetState(t);
    await clearUploadCounters();
    // The rows are gone: so are the files they named (each test counts what it leaves).
    for (const name of await readdir(uploadDir)) if (name !== '.incoming') await rm(join(uploadDir, name), { recursive: true, force: true });
    c = await openProvinceCycle(t);
  });
  afterAll(async () => {
    await clearUploadCounters();
    await t.close();
  });

  describe('checks before bytes', () => {
    it("refuses another unit's officer 403 and keeps nothing of the 2 MB file", async () => {
      const before = await filesOnDisk();
      const res = await t.http
        .post(evidenceUrl(c.unitA))
        .set(c.officerB.auth)
        .set('If-Match', '1')
        .field('indicatorCode', INDICATOR)
        .attach('file', pdf(), 'bao-cao.pdf');
      expect(res.status).toBe(403);
      expect(await filesOnDisk()).toEqual(before);
    });

    it('refuses an upload once the window has closed (409) and keeps nothing', async () => {
      const v = await version();
      setNow(t, '2031-01-01T00:00:00');
      try {
        const res = await t.http
          .post(evidenceUrl(c.unitA))
          .set(c.officerA.auth)
          .set('If-Match', String(v))
          .field('indicatorCode', INDICATOR)
          .attach('file', pdf(), 'bao-cao.pdf');
        expect(res.status).toBe(409);
        expect(res.body.error).toBe('WINDOW_CLOSED');
      } finally {
        restoreClock(t);
      }
      expect(await filesOnDisk()).toEqual([]);
    });

    it('refuses evidence to a cycle that does not exist (404), and keeps nothing', async () => {
      const res = await t.http.post(evidenceUrl(c.unitA, MISSING_CYCLE)).set(c.officerA.auth).set('If-Match', '1').field('indicatorCode', INDICATOR).attach('file', pdf(), 'a.pdf');
      expect(res.status).toBe(404);
      expect(await filesOnDisk()).toEqual([]);
    });

    it('takes the file back when the row is refused after it was written (an indicator that is not one, a stale version)', async () => {
      const wrongIndicator = await t.http
        .post(evidenceUrl(c.unitA))
        .set(c.officerA.auth)
        .set('If-Match', String(await version()))
        .field('indicatorCode', 'NOT.AN.INDICATOR')
        .attach('file', pdf(64 * 1024), 'a.pdf');
      expect(wrongIndicator.status).toBe(422);
      const stale = await t.http
        .post(evidenceUrl(c.unitA))
        .set(c.officerA.auth)
        .set('If-Match', String((await version()) + 5))
        .field('indicatorCode', INDICATOR)
        .attach('file', pdf(64 * 1024, 33), 'b.pdf');
      expect(stale.status).toBe(409);
      expect(await storedKeys()).toEqual([]);

      // The same bytes stored for a row are kept when a second upload of them is refused.
      const kept = await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', pdf(64 * 1024), 'a.pdf');
      expect(kept.status).toBe(201);
      const refused = await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', '999').field('indicatorCode', INDICATOR).attach('file', pdf(64 * 1024), 'a.pdf');
      expect(refused.status).toBe(409);
      expect(await storedKeys()).toHaveLength(1);
      await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/evidence/${kept.body.id}/download`).set(c.officerA.auth).expect(200);
    });

    it('takes the file back when multer refuses the request after storing it (a field past the limits after the file), and keeps a file a row names', async () => {
      const fieldAfterFile = () =>
        t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', '1').field('indicatorCode', INDICATOR).attach('file', pdf(64 * 1024), 'a.pdf').field('note', 'x'.repeat(20_000));
      const refused = await fieldAfterFile();
      expect(refused.status).toBeGreaterThanOrEqual(400);
      expect(refused.status).toBeLessThan(500);
      expect(await storedKeys()).toEqual([]);
      // The same bytes kept for a row stay when a refused request stored them again.
      const kept = await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', '1').field('indicatorCode', INDICATOR).attach('file', pdf(64 * 1024), 'a.pdf');
      expect(kept.status).toBe(201);
      expect((await fieldAfterFile()).status).toBe(refused.status);
      expect(await storedKeys()).toHaveLength(1);
      await t.http.get(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/evidence/${kept.body.id}/download`).set(c.officerA.auth).expect(200);
    });

    it('refuses template, review-workbook and system-values imports to a cycle that does not exist (404), keeping nothing', async () => {
      const reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
      const workbook = Buffer.from(tinyZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: sheetXml('<row r="1"/>') }]));
      const template = await t.http.post(`/api/v1/cycles/${MISSING_CYCLE}/units/${c.unitA}/submission/template`).set(c.officerA.auth).attach('file', workbook, 'mau.xlsx');
      expect(template.status).toBe(404);
      const review = await t.http.post(`/api/v1/cycles/${MISSING_CYCLE}/review/workbook`).set(reviewer.auth).attach('file', workbook, 'tham-dinh.xlsx');
      expect(review.status).toBe(404);
      const values = await t.http.post(`/api/v1/cycles/${MISSING_CYCLE}/system-values`).set(c.admin.auth).attach('file', Buffer.from('unit,indicator,value\n48,X,1\n'), 'v.csv');
      expect(values.status).toBe(404);
      // Another unit's template, and a review workbook from a reviewer with nothing assigned in the cycle.
      await t.http.post(`/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission/template`).set(c.officerB.auth).attach('file', workbook, 'mau.xlsx').expect(403);
      await t.http.post(`/api/v1/cycles/${c.cycleId}/review/workbook`).set(reviewer.auth).attach('file', workbook, 'tham-dinh.xlsx').expect(403);
      expect(await filesOnDisk()).toEqual([]);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM import_jobs');
      expect(n).toBe(0);
    });
  });

  describe('the sweep of orphaned files', () => {
    it('removes an orphan older than the grace, keeps a file a row names and a fresh orphan, and reports the counts', async () => {
      const storage = t.app.get<FileStorage>(FILE_STORAGE);
      const referenced = await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', pdf(4096), 'a.pdf');
      expect(referenced.status).toBe(201);
      const oldOrphan = await storage.put(Readable.from(Buffer.from('an upload whose row was never written')), { maxBytes: 1024 });
      const freshOrphan = await storage.put(Readable.from(Buffer.from('an upload in flight')), { maxBytes: 1024 });
      const twoHoursAgo = new Date(Date.now() - 2 * 3600 * 1000);
      const referencedKey = (await t.db.query('SELECT storage_key FROM evidence'))[0].storage_key as string;
      for (const key of [oldOrphan.key, referencedKey]) await utimes(join(uploadDir, key), twoHoursAgo, twoHoursAgo);

      const summary = await t.app.get(OrphanFilesService).sweep();
      expect(summary).toMatchObject({ scanned: 3, referenced: 1, young: 1, removed: 1, removedBytes: oldOrphan.sizeBytes });
      expect(await storage.exists(oldOrphan.key)).toBe(false);
      expect(await storage.exists(freshOrphan.key)).toBe(true);
      expect(await storage.exists(referencedKey)).toBe(true);
      expect((await stat(join(uploadDir, referencedKey))).isFile()).toBe(true);
    });

    it('runs as the scheduled task sweep-orphan-files on the maintenance queue, its counts kept as the job result', async () => {
      const storage = t.app.get<FileStorage>(FILE_STORAGE);
      const orphan = await storage.put(Readable.from(Buffer.from('left by a refused upload')), { maxBytes: 1024 });
      const longAgo = new Date(Date.now() - 2 * 3600 * 1000);
      await utimes(join(uploadDir, orphan.key), longAgo, longAgo);
      const worker = await startTestWorker();
      try {
        const job = await t.app.get(MaintenanceProducer).runNow(ScheduledJobName.SweepOrphanFiles);
        await drainQueues(t);
        const done = await t.app.get<Queue>(getQueueToken(QueueName.Maintenance)).getJob(job.id!);
        expect(await done!.getState()).toBe('completed');
        expect(done!.returnvalue).toMatchObject({ scanned: 1, removed: 1, removedBytes: orphan.sizeBytes });
        expect(await storage.exists(orphan.key)).toBe(false);
      } finally {
        await worker.close();
      }
    });

    it('knows every column that holds a storage key', async () => {
      const columns = t.db.entityMetadatas.flatMap((m) => m.columns.filter((col) => col.propertyName === 'storageKey').map((col) => `${m.tableName}.${col.databaseName}`));
      expect(columns.length).toBeGreaterThanOrEqual(3);
      expect(columns.sort()).toEqual((await fileReferences(t.db)).map((r) => `${r.table}.${r.column}`).sort());
    });
    it('finds a file by its key through an index on every column that holds keys, not a scan of the table', async () => {
      for (const ref of await fileReferences(t.db)) {
        const qr = t.db.createQueryRunner();
        try {
          await qr.startTransaction();
          // The tables are small here: forbid the sequential scan, so the plan shows whether an index can answer.
          await qr.query('SET LOCAL enable_seqscan = off');
          const plan: { 'QUERY PLAN': string }[] = await qr.query(`EXPLAIN SELECT "${ref.column}" FROM "${ref.table}" WHERE "${ref.column}" = ANY($1)`, [['a/b']]);
          expect({ ref, plan: plan.map((p) => p['QUERY PLAN']).join('\n') }).toEqual({ ref, plan: expect.stringMatching(/Index (Only )?Scan|Bitmap Index Scan/) });
        } finally {
          await qr.rollbackTransaction();
          await qr.release();
        }
      }
    });
  });

  describe('rate and quota per user', () => {
    const saved: Partial<AppConfig> = {};
    beforeEach(() => Object.assign(saved, { UPLOAD_RATE_MAX: config.UPLOAD_RATE_MAX, UPLOAD_QUOTA_BYTES: config.UPLOAD_QUOTA_BYTES }));
    afterEach(() => Object.assign(config, saved));

    it('answers 429 with Retry-After past the uploads allowed in the window, before reading the file', async () => {
      config.UPLOAD_RATE_MAX = 2;
      for (let i = 0; i < 2; i++) {
        await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', pdf(1024, 40 + i), `${i}.pdf`).expect(201);
      }
      const res = await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', pdf(1024, 50), '3.pdf');
      expect(res.status).toBe(429);
      expect(res.body.error).toBe('UPLOAD_RATE_LIMITED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(await storedKeys()).toHaveLength(2);
      // Another user has a rate of its own.
      await t.http.post(evidenceUrl(c.unitB)).set(c.officerB.auth).set('If-Match', '1').field('indicatorCode', INDICATOR).attach('file', pdf(1024, 60), 'b.pdf').expect(201);
    });

    it('answers 429 past the bytes allowed: on the declared length, and on what was written before', async () => {
      config.UPLOAD_QUOTA_BYTES = 300 * 1024;
      const tooBig = await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', pdf(400 * 1024), 'big.pdf');
      expect(tooBig.status).toBe(429);
      expect(tooBig.body.error).toBe('UPLOAD_QUOTA_EXCEEDED');
      expect(await filesOnDisk()).toEqual([]);

      await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', pdf(200 * 1024), 'a.pdf').expect(201);
      const second = await t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', pdf(150 * 1024, 33), 'b.pdf');
      expect(second.status).toBe(429);
      expect(second.body.error).toBe('UPLOAD_QUOTA_EXCEEDED');
      expect(Number(second.headers['retry-after'])).toBeGreaterThan(0);
      expect(await storedKeys()).toHaveLength(1);
    });
    it('reserves the quota when it admits an upload: ten sent at once never admit more bytes than the quota', async () => {
      config.UPLOAD_QUOTA_BYTES = 300 * 1024;
      const v = String(await version());
      // Each declares ~100 KB: at most two fit in 300 KB, whatever order they arrive in.
      const answers = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', v).field('indicatorCode', INDICATOR).attach('file', pdf(100 * 1024, 40 + i), `${i}.pdf`),
        ),
      );
      const admitted = answers.filter((r) => r.status !== 429);
      expect(answers.filter((r) => r.status === 429).every((r) => r.body.error === 'UPLOAD_QUOTA_EXCEEDED')).toBe(true);
      expect(admitted.length).toBeGreaterThanOrEqual(1);
      expect(admitted.length).toBeLessThanOrEqual(2);
      expect((await storedKeys()).length).toBeLessThanOrEqual(1);
    });
  });

  describe('office documents as evidence', () => {
    const upload = async (file: Buffer, name: string) =>
      t.http.post(evidenceUrl(c.unitA)).set(c.officerA.auth).set('If-Match', String(await version())).field('indicatorCode', INDICATOR).attach('file', file, name);

    it('refuses a zip-bomb .xlsx (422 naming the rule) and keeps nothing', async () => {
      const bomb = tinyZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: Buffer.alloc(30 * 1024 * 1024, 0x20) }]);
      expect(bomb.length).toBeLessThan(200 * 1024);
      const res = await upload(bomb, 'bang-tinh.xlsx');
      expect(res.status).toBe(422);
      expect(res.body.details[0]).toMatchObject({ field: 'file', rule: 'compression-ratio' });
      expect(await storedKeys()).toEqual([]);
    });

    it('refuses a sheet of 1,048,576 rows (422, too-many-rows) and takes a plain workbook', async () => {
      const huge = tinyZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: sheetXml('<row r="1"><c r="A1"/></row><row r="1048576"><c r="A1048576"/></row>') }]);
      const res = await upload(huge, 'bang-tinh.xlsx');
      expect(res.status).toBe(422);
      expect(res.body.details[0]).toMatchObject({ field: 'file', rule: 'too-many-rows' });
      const plain = tinyZip([...XLSX_PARTS, { name: 'xl/worksheets/sheet1.xml', data: sheetXml('<row r="1"><c r="A1"/></row><row r="2"><c r="A2"/></row>') }]);
      expect((await upload(plain, 'bang-tinh.xlsx')).status).toBe(201);
    });
  });
});
