import ExcelJS from 'exceljs';
import { binaryBody } from './utils/binary-body';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { resetState, startTestApp, type TestApp } from './utils/test-app';

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

describe('the audit log for people: filters by unit, person, action and dates; CSV and xlsx in words (API)', () => {
  let t: TestApp;
  let c: OpenCycle;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    // Đà Nẵng's officer saves one answer (NT.06, a yes/no) twice: two submission.save entries about Đà Nẵng.
    const url = `/api/v1/cycles/${c.cycleId}/units/${c.unitA}/submission`;
    for (const value of [true, false]) {
      const state = await t.http.get(url).set(c.officerA.auth).expect(200);
      await t.http.patch(`${url}/answers`).set(c.officerA.auth).set('If-Match', state.headers.etag).send({ answers: [{ indicatorCode: 'NT.06', value }] }).expect(200);
    }
  }, 120_000);
  afterAll(() => t.close());

  const list = async (query: string) => (await t.http.get(`/api/v1/audit?pageSize=500&${query}`).set(c.admin.auth).expect(200)).body as { total: number; items: { action: string; unitId: string | null; actorId: string | null }[] };

  it('filters by unit: the unit’s own entries (its registry entry, its officer’s account, its saves), none of another unit', async () => {
    const danang = await list(`unitId=${c.unitA}`);
    expect(danang.items.map((e) => e.action)).toEqual(['submission.save', 'submission.save', 'user.create', 'unit.create']);
    expect(danang.items.every((e) => e.unitId === c.unitA)).toBe(true);
    const saves = await list(`unitId=${c.unitA}&action=submission.save&actorId=${c.officerA.id}`);
    expect(saves.total).toBe(2);
    expect((await list(`unitId=${c.unitB}&action=submission.save`)).total).toBe(0);
    const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
    expect((await list(`unitId=${c.unitA}&from=${day(-1)}&to=${day(2)}`)).total).toBe(4);
    expect((await list(`unitId=${c.unitA}&to=2000-01-01`)).total).toBe(0);
    const bad = await t.http.get('/api/v1/audit?unitId=da-nang').set(c.admin.auth).expect(400);
    expect(JSON.stringify(bad.body)).toContain('unitId');
  });

  it('exports the filtered log as CSV: UTF-8 with a BOM, Vietnamese headers, names and words instead of ids and codes', async () => {
    const res = await t.http.get(`/api/v1/audit/export?format=csv&unitId=${c.unitA}&action=submission.save`).set(c.admin.auth).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename\*=UTF-8''nhat-ky-thay-doi-\d{4}-\d{2}-\d{2}\.csv$/);
    const body = res.body as Buffer;
    expect([...body.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = body.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Thời điểm,Người thực hiện,Thư điện tử,Hành động,Đơn vị,Đối tượng,Thay đổi,Mã yêu cầu');
    const text = body.toString('utf8');
    expect(text.match(/Lưu câu trả lời tự đánh giá/g)).toHaveLength(2);
    expect(text).toContain('Người dùng officer@danang.test,officer@danang.test');
    expect(text).toContain('Đà Nẵng (48)');
    expect(text).toContain('Phiên bản: 2 → 3');
    expect(text).not.toContain('submission.save');
    // No id in the columns of people, unit and entity; only the request id column holds one.
    for (const line of lines.slice(1, 3)) expect(line.replace(/,[^,]*$/, '')).not.toMatch(UUID);
    expect(text).toMatch(/\d{2}:\d{2}:\d{2} \d{2}\/\d{2}\/\d{4}/);
  });

  it('exports the same as an xlsx workbook, one row an entry, and in English on request', async () => {
    const res = await t.http.get(`/api/v1/audit/export?format=xlsx&unitId=${c.unitA}`).set(c.admin.auth).buffer(true).parse(binaryBody).expect(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load(res.body as ExcelJS.Buffer);
    const sheet = workbook.getWorksheet('Nhật ký')!;
    const values = (n: number) => (sheet.getRow(n).values as unknown[]).slice(1);
    expect(values(1)).toEqual(['Thời điểm', 'Người thực hiện', 'Thư điện tử', 'Hành động', 'Đơn vị', 'Đối tượng', 'Thay đổi', 'Mã yêu cầu']);
    expect(sheet.actualRowCount).toBe(1 + 4);
    expect([2, 3, 4, 5].map((n) => values(n)[3])).toEqual(['Lưu câu trả lời tự đánh giá', 'Lưu câu trả lời tự đánh giá', 'Tạo tài khoản', 'Thêm đơn vị']);
    expect(values(4)[1]).toBe('Hệ thống (cli)');
    expect(values(5)[5]).toBe('Đơn vị: Đà Nẵng (48)');

    const en = await t.http.get(`/api/v1/audit/export?format=csv&lang=en&unitId=${c.unitA}&action=user.create`).set(c.admin.auth).buffer(true).parse(binaryBody).expect(200);
    const lines = (en.body as Buffer).toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('When,By,E-mail,Action,Unit,Entity,Change,Request id');
    expect(lines[1]).toContain('Account created');
  });

  it('is for administrators only, refuses an unknown format naming the field, and refuses more than 20,000 rows with the count', async () => {
    await t.http.get('/api/v1/audit/export?format=csv').set(c.officerA.auth).expect(403);
    await t.http.get('/api/v1/audit/export?format=csv').expect(401);
    const bad = await t.http.get('/api/v1/audit/export?format=pdf').set(c.admin.auth).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['format']);
    await t.db.query(
      `INSERT INTO audit_log (actor_label, action, entity_type, entity_id, after) SELECT 'worker', 'export.request', 'export', g::text, '{}' FROM generate_series(1, 20001) g`,
    );
    const many = await t.http.get('/api/v1/audit/export?format=xlsx&action=export.request').set(c.admin.auth).expect(422);
    expect(many.body.details).toEqual([{ field: 'filters', rule: 'tooManyRows', message: expect.stringContaining('20.001 mục, quá giới hạn 20.000') }]);
    // Narrowed, it is served.
    await t.http.get(`/api/v1/audit/export?format=csv&action=export.request&unitId=${c.unitA}`).set(c.admin.auth).expect(200);
  });
});
