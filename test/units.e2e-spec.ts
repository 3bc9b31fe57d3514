import { join } from 'node:path';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { containsPattern, searchKeySql } from '../src/units/unit-name-search';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { UnitsService } from '../src/units/units.service';
import { compareVietnamese } from '../src/units/vietnamese-collation';
import { auditCount, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

// /work/shared/docs/dti-reference.md, "Provinces and their codes".
const CODES_2008 =
  '01 02 04 06 08 10 11 12 14 15 17 19 20 22 24 25 26 27 30 31 33 34 35 36 37 38 40 42 44 45 46 48 49 51 52 54 56 58 60 ' +
  '62 64 66 67 68 70 72 74 75 77 79 80 82 83 84 86 87 89 91 92 93 94 95 96';
const CODES_2025 = '01 04 08 11 12 14 15 19 20 22 24 25 31 33 37 38 40 42 44 46 48 51 52 56 66 68 75 79 80 82 86 91 92 96';

interface UnitBody {
  id: string;
  code: string;
  nameVi: string;
  nameEn: string | null;
  level: string;
  validFrom: string;
  validTo: string | null;
  parentId: string | null;
  unitGroup: string | null;
  retiredReason: string | null;
  version: number;
  predecessors: { id: string; code: string; nameVi: string; level: string }[];
}

const loadRegistry = (t: TestApp) =>
  t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));

describe('the unit registry (config/units) through GET /api/v1/units', () => {
  let t: TestApp;
  let reader: SignedInUser;
  let firstLoad: Awaited<ReturnType<typeof loadRegistry>>;

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    firstLoad = await loadRegistry(t);
    reader = await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.local');
  });
  afterAll(() => t.close());

  const list = async (query: string): Promise<{ items: UnitBody[]; total: number }> =>
    (await t.http.get(`/api/v1/units?pageSize=500&${query}`).set(reader.auth).expect(200)).body;
  const sortedCodes = (items: UnitBody[]) => items.map((u) => u.code).sort();

  it('creates the national unit, 16 ministries, 63 + 34 provinces on the first load, each with an audit entry', async () => {
    expect(firstLoad).toMatchObject({ created: 1 + 16 + 63 + 34, updated: 0, unchanged: 0 });
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM audit_log WHERE action = 'unit.create' AND actor_label = 'cli' AND actor_id IS NULL`,
    );
    expect(count).toBe(firstLoad.created);
  });

  it('lists exactly the 63 provinces of dti-reference.md valid on 2024-12-31 (and on 2025-06-30)', async () => {
    for (const day of ['2024-12-31', '2025-06-30']) {
      const res = await list(`level=province&validOn=${day}`);
      expect(res.total).toBe(63);
      expect(sortedCodes(res.items)).toEqual(CODES_2008.split(' '));
      expect(res.items.every((u) => u.validTo === '2025-06-30')).toBe(true);
    }
  });

  it('lists exactly the 34 provinces of dti-reference.md valid on 2025-07-01 (and today)', async () => {
    for (const day of ['2025-07-01', new Date().toISOString().slice(0, 10)]) {
      const res = await list(`level=province&validOn=${day}`);
      expect(res.total).toBe(34);
      expect(sortedCodes(res.items)).toEqual(CODES_2025.split(' '));
      expect(res.items.every((u) => u.validFrom === '2025-07-01' && u.validTo === null)).toBe(true);
    }
  });

  it('paginates the 63 with total, page and pageSize', async () => {
    const page1 = (await t.http.get('/api/v1/units?level=province&validOn=2024-12-31').set(reader.auth).expect(200)).body;
    expect(page1).toMatchObject({ total: 63, page: 1, pageSize: 50 });
    expect(page1.items).toHaveLength(50);
    const page2 = (
      await t.http.get('/api/v1/units?level=province&validOn=2024-12-31&page=2').set(reader.auth).expect(200)
    ).body;
    expect(page2.items).toHaveLength(13);
    const all = [...page1.items, ...page2.items].map((u: UnitBody) => u.code);
    expect(new Set(all).size).toBe(63);
  });

  it.each([
    ['79', ['79', '74', '77'], ['Hồ Chí Minh', 'Bình Dương', 'Bà Rịa - Vũng Tàu']],
    ['37', ['37', '35', '36'], ['Ninh Bình', 'Hà Nam', 'Nam Định']],
  ])('gives the lineage of %s (2025) in order: %j', async (code, predecessors, names) => {
    const res = await list(`level=province&validOn=2025-07-01&code=${code}`);
    expect(res.items).toHaveLength(1);
    const unit = res.items[0];
    expect(unit.predecessors.map((p) => p.code)).toEqual(predecessors);
    expect(unit.predecessors.map((p) => p.nameVi)).toEqual(names);
    // The predecessors are the pre-reform records, not the new unit itself.
    for (const p of unit.predecessors) {
      expect(p.id).not.toBe(unit.id);
      const old = (await t.http.get(`/api/v1/units/${p.id}`).set(reader.auth).expect(200)).body as UnitBody;
      expect(old).toMatchObject({ level: 'province', code: p.code, validTo: '2025-06-30' });
    }
  });

  it('gives the other side of the lineage: the old 79, 74 and 77 were continued in the new 79; the new one in none (UnitsService.successors)', async () => {
    const [hcm] = (await list('level=province&validOn=2025-07-01&code=79')).items;
    const service = t.app.get(UnitsService);
    for (const p of hcm.predecessors) {
      expect(await service.successors(p.id)).toEqual([{ id: hcm.id, level: 'province', code: '79', nameVi: 'Hồ Chí Minh' }]);
    }
    expect(await service.successors(hcm.id)).toEqual([]);
  });

  it('gives an unchanged province itself as its only predecessor, and the old provinces none', async () => {
    const [hanoi] = (await list('level=province&validOn=2025-07-01&code=01')).items;
    expect(hanoi.predecessors.map((p) => p.code)).toEqual(['01']);
    const old = await list('level=province&validOn=2024-12-31');
    expect(old.items.every((u) => u.predecessors.length === 0)).toBe(true);
  });

  it('lists the ministries with their ranking groups under Việt Nam', async () => {
    const [vn] = (await list('level=national')).items;
    expect(vn).toMatchObject({ code: 'VN', nameVi: 'Việt Nam', parentId: null });
    const res = await list('level=ministry&validOn=2024-12-31');
    expect(res.total).toBe(16);
    const group = (name: string) => res.items.find((u) => u.nameVi === name)?.unitGroup;
    for (const name of ['Bộ Tài chính', 'Bảo hiểm xã hội Việt Nam', 'Ngân hàng Nhà nước Việt Nam', 'Bộ Nội vụ']) {
      expect(group(name)).toBe('with_public_services');
    }
    for (const name of ['Viện Hàn lâm Khoa học xã hội Việt Nam', 'Đài Truyền hình Việt Nam', 'Thông tấn xã Việt Nam', 'Ủy ban Dân tộc']) {
      expect(group(name)).toBe('without_public_services');
    }
    expect(res.items.filter((u) => u.unitGroup === 'with_public_services')).toHaveLength(10);
    expect(res.items.filter((u) => u.unitGroup === 'without_public_services')).toHaveLength(6);
    expect(res.items.every((u) => u.parentId === vn.id)).toBe(true);
    // And the provinces hang under Việt Nam too.
    expect((await list(`parentId=${vn.id}&level=province`)).total).toBe(63 + 34);
  });

  it('sorts names in Vietnamese order (the alphabet a ă â b c d đ e ê ..., not code points)', async () => {
    const names = (await list('level=province&validOn=2024-12-31')).items.map((u) => u.nameVi);
    expect(names).toEqual([...names].sort(compareVietnamese));
    const at = (name: string) => {
      const i = names.indexOf(name);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    // a < ă < â: Cà Mau, Cao Bằng, Cần Thơ; B: Bà Rịa - Vũng Tàu, Bạc Liêu, Bắc Giang, Bến Tre, Bình Dương.
    expect(at('Cà Mau')).toBeLessThan(at('Cao Bằng'));
    expect(at('Cao Bằng')).toBeLessThan(at('Cần Thơ'));
    expect(at('Bạc Liêu')).toBeLessThan(at('Bắc Giang'));
    expect(at('Bắc Ninh')).toBeLessThan(at('Bến Tre'));
    // d < đ: Bình Dương before Bình Định; the Đ names after every C name and before G (code points put them after Y).
    expect(at('Bình Dương')).toBeLessThan(at('Bình Định'));
    expect(at('Cần Thơ')).toBeLessThan(at('Đà Nẵng'));
    expect(at('Đà Nẵng')).toBeLessThan(at('Đắk Lắk'));
    expect(at('Đắk Nông')).toBeLessThan(at('Điện Biên'));
    expect(at('Điện Biên')).toBeLessThan(at('Đồng Nai'));
    expect(at('Đồng Tháp')).toBeLessThan(at('Gia Lai'));
    // o < ô < ơ does not occur among the 63; the 34 have Quảng Ngãi < Quảng Ninh < Quảng Trị.
    expect(at('Quảng Ngãi')).toBeLessThan(at('Quảng Ninh'));
    expect(names.at(0)).toBe('An Giang');
    expect(names.at(-1)).toBe('Yên Bái');
  });

  it('finds units by a part of either name, ignoring case and Vietnamese marks (đ as d)', async () => {
    const codes = async (q: string) => sortedCodes((await list(`level=province&validOn=2024-12-31&q=${encodeURIComponent(q)}`)).items);
    for (const q of ['Hà Nội', 'hà nội', 'HÀ NỘI', 'ha noi', 'Ha Noi', 'HA NOI', 'hà noi', 'Ha Nội', 'Hà Nội'.normalize('NFD'), '  ha   noi ']) {
      expect([q, await codes(q)]).toEqual([q, ['01']]);
    }
    for (const q of ['Đà Nẵng', 'đà nẵng', 'ĐÀ NẴNG', 'da nang', 'Da Nang', 'Đa Nang', 'đà nang', 'dà năng']) {
      expect([q, await codes(q)]).toEqual([q, ['48']]);
    }
    // The registry spells Hoà Bình and Thanh Hóa with the older and the newer tone placement; either finds either.
    expect(await codes('Hòa Bình')).toEqual(['17']);
    expect(await codes('Thanh Hoá')).toEqual(['38']);
    expect(await codes('điện biên')).toEqual(['11']);
    expect(await codes('thua thien hue')).toEqual(['46']);
    expect(await codes('Huế')).toEqual(['46']);
    expect(await codes('dak')).toEqual(['66', '67']);
    expect(await codes('Đắk Nông')).toEqual(['67']);
    expect(await codes('Bình')).toEqual(['17', '34', '37', '44', '52', '60', '70', '74']);
    // Marks are ignored on both sides: "Quảng" finds Tuyên Quang as well.
    expect(await codes('Quảng')).toEqual(['08', '22', '44', '45', '49', '51']);
    expect(await codes('Hà Nội Mới')).toEqual([]);

    // The same units as folding the names in JavaScript, for short and long texts.
    const fold = (text: string) => text.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, ' ');
    const provinces = (await list('level=province&validOn=2024-12-31')).items;
    expect(provinces).toHaveLength(63);
    for (const q of ['ha', 'Hà', 'ninh', 'GIANG', 'Đồng', 'an', 'ư', 'Tây']) {
      const folded = fold(q);
      const expected = sortedCodes(provinces.filter((p) => fold(p.nameVi).includes(folded) || fold(p.nameEn ?? '').includes(folded)));
      expect([q, await codes(q)]).toEqual([q, expected]);
    }
    expect((await codes('Hà')).length).toBeGreaterThan(4); // Hải Dương, Hậu Giang, Thái Bình… besides the four Hà
  });

  it('the search reads an index: units.name_search, generated by PostgreSQL, under a trigram GIN index', async () => {
    const [column] = await t.db.query(
      `SELECT is_generated, generation_expression IS NOT NULL AS has_expression FROM information_schema.columns WHERE table_name = 'units' AND column_name = 'name_search'`,
    );
    expect(column).toEqual({ is_generated: 'ALWAYS', has_expression: true });
    const plan: { 'QUERY PLAN': string }[] = await t.db.transaction(async (manager) => {
      // The 200 units of the registry are few enough for a sequential scan; this asks whether the index can serve.
      await manager.query('SET LOCAL enable_seqscan = off');
      return manager.query(`EXPLAIN SELECT id FROM units u WHERE u.name_search LIKE ${searchKeySql('$1')}`, [containsPattern('da nang')]);
    });
    expect(plan.map((row) => row['QUERY PLAN']).join('\n')).toContain('ix_units_name_search');
  });

  it('changes nothing when loaded a second time', async () => {
    const audit = await auditCount(t);
    const [before] = await t.db.query(`SELECT md5(string_agg(u::text, '|' ORDER BY id)) AS units FROM units u`);
    const second = await loadRegistry(t);
    expect(second).toMatchObject({ created: 0, updated: 0, unchanged: firstLoad.created });
    expect(await auditCount(t)).toBe(audit);
    const [after] = await t.db.query(`SELECT md5(string_agg(u::text, '|' ORDER BY id)) AS units FROM units u`);
    expect(after).toEqual(before);
  });
});

describe('the admin API on units (POST, PATCH, POST :id/retire)', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let vn: UnitBody;
  let hcm: UnitBody;

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await resetState(t);
    await loadRegistry(t);
    admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.local');
    const find = async (query: string) =>
      (await t.http.get(`/api/v1/units?${query}`).set(admin.auth).expect(200)).body.items[0] as UnitBody;
    vn = await find('level=national');
    hcm = await find('level=province&code=79&validOn=2025-07-01');
  });
  afterAll(() => t.close());

  const create = (body: object) => t.http.post('/api/v1/units').set(admin.auth).send(body);
  const get = async (id: string) => (await t.http.get(`/api/v1/units/${id}`).set(admin.auth).expect(200)).body as UnitBody;
  const commune = (over: object = {}) => ({
    level: 'commune',
    code: '26734',
    nameVi: 'Phường Sài Gòn',
    nameEn: 'Sai Gon Ward',
    validFrom: '2025-07-01',
    parentId: hcm.id,
    ...over,
  });

  it('creates a commune under a province, with its lineage in the order given (201)', async () => {
    const a = (await create(commune({ code: '26740', nameVi: 'Phường Bến Nghé', validFrom: '2024-01-01', validTo: '2025-06-30', parentId: undefined })).expect(201)).body;
    const b = (await create(commune({ code: '26743', nameVi: 'Phường Đa Kao', validFrom: '2024-01-01', validTo: '2025-06-30', parentId: undefined })).expect(201)).body;
    const res = await create(commune({ predecessorIds: [b.id, a.id] })).expect(201);
    expect(res.body).toMatchObject({
      level: 'commune',
      code: '26734',
      nameVi: 'Phường Sài Gòn',
      validFrom: '2025-07-01',
      validTo: null,
      parentId: hcm.id,
      version: 1,
    });
    expect(res.body.predecessors.map((p: { id: string }) => p.id)).toEqual([b.id, a.id]);
    expect((await get(res.body.id)).predecessors.map((p) => p.code)).toEqual(['26743', '26740']);
  });

  it('lists the children of a unit by parentId', async () => {
    const one = (await create(commune()).expect(201)).body;
    const two = (await create(commune({ code: '26737', nameVi: 'Phường Tân Định' })).expect(201)).body;
    const res = (await t.http.get(`/api/v1/units?parentId=${hcm.id}`).set(admin.auth).expect(200)).body;
    expect(res.total).toBe(2);
    expect(res.items.map((u: UnitBody) => u.id)).toEqual([one.id, two.id]); // Sài Gòn < Tân Định
    // The provinces are children of VN, the communes are not.
    const ofVn = (await t.http.get(`/api/v1/units?parentId=${vn.id}&pageSize=500`).set(admin.auth).expect(200)).body;
    expect(ofVn.items.some((u: UnitBody) => u.id === one.id)).toBe(false);
  });

  it('refuses a parent not valid over the whole validity of the child (422 naming parentId)', async () => {
    const [old] = (await t.http.get('/api/v1/units?level=province&code=79&validOn=2024-12-31').set(admin.auth).expect(200)).body.items;
    const res = await create(commune({ parentId: old.id })).expect(422);
    expect(res.body.details).toEqual([expect.objectContaining({ field: 'parentId', rule: 'coversValidity' })]);
  });

  it('edits with the version read (200, version + 1) and refuses a stale version (409 VERSION_CONFLICT with currentVersion)', async () => {
    const unit = (await create(commune()).expect(201)).body as UnitBody;
    const edited = await t.http
      .patch(`/api/v1/units/${unit.id}`)
      .set(admin.auth)
      .send({ version: 1, nameVi: 'Phường Sài Gòn (mới)', nameEn: 'Saigon Ward' })
      .expect(200);
    expect(edited.body).toMatchObject({ id: unit.id, version: 2, nameVi: 'Phường Sài Gòn (mới)', nameEn: 'Saigon Ward', code: '26734' });

    const audit = await auditCount(t);
    const stale = await t.http.patch(`/api/v1/units/${unit.id}`).set(admin.auth).send({ version: 1, nameVi: 'Ghi đè' }).expect(409);
    expect(stale.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect(await get(unit.id)).toMatchObject({ version: 2, nameVi: 'Phường Sài Gòn (mới)' });
    expect(await auditCount(t)).toBe(audit);
  });

  it('answers 404 for an unknown unit', async () => {
    const res = await t.http
      .patch('/api/v1/units/00000000-0000-4000-8000-000000000000')
      .set(admin.auth)
      .send({ version: 1, nameEn: 'x' })
      .expect(404);
    expect(res.body.error).toBe('NOT_FOUND');
    await t.http.get('/api/v1/units/00000000-0000-4000-8000-000000000000').set(admin.auth).expect(404);
  });

  it('retires a unit: validTo and reason set, no longer listed after that day; retiring twice is 409', async () => {
    const unit = (await create(commune()).expect(201)).body as UnitBody;
    const retired = await t.http
      .post(`/api/v1/units/${unit.id}/retire`)
      .set(admin.auth)
      .send({ version: 1, validTo: '2026-12-31', reason: 'Sáp nhập vào Phường Bến Thành' })
      .expect(201);
    expect(retired.body).toMatchObject({ validTo: '2026-12-31', retiredReason: 'Sáp nhập vào Phường Bến Thành', version: 2 });

    const listed = async (day: string) =>
      (await t.http.get(`/api/v1/units?parentId=${hcm.id}&validOn=${day}`).set(admin.auth).expect(200)).body.items.map(
        (u: UnitBody) => u.id,
      );
    expect(await listed('2026-12-31')).toEqual([unit.id]);
    expect(await listed('2027-01-01')).toEqual([]);
    // The row stays for the history.
    expect(await get(unit.id)).toMatchObject({ validTo: '2026-12-31' });

    const again = await t.http
      .post(`/api/v1/units/${unit.id}/retire`)
      .set(admin.auth)
      .send({ version: 2, validTo: '2027-12-31', reason: 'lần nữa' })
      .expect(409);
    expect(again.body.error).toBe('CONFLICT');
    expect(await get(unit.id)).toMatchObject({ validTo: '2026-12-31', version: 2 });
  });

  it('refuses to retire before validFrom (422) and with a stale version (409)', async () => {
    const unit = (await create(commune()).expect(201)).body as UnitBody;
    const early = await t.http
      .post(`/api/v1/units/${unit.id}/retire`)
      .set(admin.auth)
      .send({ version: 1, validTo: '2025-06-30', reason: 'quá sớm' })
      .expect(422);
    expect(early.body.details).toEqual([expect.objectContaining({ field: 'validTo', rule: 'notBeforeValidFrom' })]);
    await t.http.patch(`/api/v1/units/${unit.id}`).set(admin.auth).send({ version: 1, nameEn: 'x' }).expect(200);
    const stale = await t.http
      .post(`/api/v1/units/${unit.id}/retire`)
      .set(admin.auth)
      .send({ version: 1, validTo: '2026-12-31', reason: 'phiên bản cũ' })
      .expect(409);
    expect(stale.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    expect((await get(unit.id)).validTo).toBeNull();
  });

  it('refuses a unit of the same level and code with an overlapping validity (409); a later one is fine', async () => {
    const first = (await create(commune({ validTo: '2026-12-31' })).expect(201)).body as UnitBody;
    const audit = await auditCount(t);
    for (const validity of [{}, { validFrom: '2026-12-31' }, { validFrom: '2020-01-01', validTo: '2025-07-01' }]) {
      const res = await create(commune({ nameVi: 'Phường trùng', ...validity, parentId: undefined })).expect(409);
      expect(res.body).toMatchObject({ error: 'CONFLICT', details: { conflictingUnitId: first.id } });
    }
    // A province 48 overlapping the registry's own 48.
    await create({ level: 'province', code: '48', nameVi: 'Đà Nẵng mới', validFrom: '2030-01-01', parentId: vn.id }).expect(409);
    expect(await auditCount(t)).toBe(audit);
    // The same code at another level, or after the first one ends, is another unit.
    await create(commune({ level: 'district' })).expect(201);
    await create(commune({ validFrom: '2027-01-01', nameVi: 'Phường Sài Gòn 2' })).expect(201);
  });

  it('finds units by a Vietnamese name (q), escaping LIKE patterns', async () => {
    await create(commune({ nameVi: 'Phường Bến Thành 🏙️', code: 'BT' })).expect(201);
    const q = async (text: string) =>
      (await t.http.get(`/api/v1/units?validOn=2025-07-01&q=${encodeURIComponent(text)}`).set(admin.auth).expect(200)).body.items.map(
        (u: UnitBody) => u.nameVi,
      );
    expect(await q('bến')).toEqual(['Phường Bến Thành 🏙️']);
    expect(await q('Phường')).toEqual(['Phường Bến Thành 🏙️']);
    expect(await q('🏙️')).toEqual(['Phường Bến Thành 🏙️']);
    expect(await q('Ben Thanh')).toEqual(['Phường Bến Thành 🏙️']); // nameEn is Sai Gon Ward: found by nameVi without its marks
    expect(await q('%')).toEqual([]);
    expect(await q('_')).toEqual([]);
  });

  it('finds units without an English name whatever the marks and case, after a rename, and when written by SQL', async () => {
    const hanoi = (await t.http.get('/api/v1/units?level=province&code=01&validOn=2025-07-01').set(admin.auth).expect(200)).body.items[0] as UnitBody;
    const ward = (over: object) => create(commune({ nameEn: undefined, parentId: hanoi.id, ...over })).expect(201);
    await ward({ code: '00070', nameVi: 'Phường Hoàn Kiếm' });
    const dongDa = (await ward({ code: '00226', nameVi: 'Phường Đống Đa' })).body as UnitBody;
    await ward({ code: '10273', nameVi: 'Xã Ứng Hòa' });
    await ward({ code: '00004', nameVi: 'Phường Ba Đình' });
    const q = async (text: string) =>
      (await t.http.get(`/api/v1/units?level=commune&validOn=2025-07-01&q=${encodeURIComponent(text)}`).set(admin.auth).expect(200)).body.items.map(
        (u: UnitBody) => u.nameVi,
      );
    expect(await q('dong da')).toEqual(['Phường Đống Đa']);
    expect(await q('PHUONG DONG DA')).toEqual(['Phường Đống Đa']);
    expect(await q('Đống đa')).toEqual(['Phường Đống Đa']);
    expect(await q('hoan kiem')).toEqual(['Phường Hoàn Kiếm']);
    expect(await q('ung hoa')).toEqual(['Xã Ứng Hòa']);
    expect(await q('Ứng Hoà')).toEqual(['Xã Ứng Hòa']);
    expect(await q('ba dinh')).toEqual(['Phường Ba Đình']);
    // "đ" is d: every one with a d or an đ, in Vietnamese order.
    expect(await q('d')).toEqual(['Phường Ba Đình', 'Phường Đống Đa']);

    // Renamed through the API: found by the new name, no longer by the old.
    await t.http.patch(`/api/v1/units/${dongDa.id}`).set(admin.auth).send({ version: dongDa.version, nameVi: 'Phường Văn Miếu - Quốc Tử Giám' }).expect(200);
    expect(await q('dong da')).toEqual([]);
    expect(await q('van mieu quoc tu giam')).toEqual([]);
    expect(await q('van mieu - quoc tu giam')).toEqual(['Phường Văn Miếu - Quốc Tử Giám']);
    // Written by plain SQL (the bench's and the tests' fixtures do): PostgreSQL fills the key all the same.
    await t.db.query(`INSERT INTO units (level, code, name_vi, valid_from, parent_id, version) VALUES ('commune', '00008', 'Phường Ngọc Hà', '2025-07-01', $1, 1)`, [hanoi.id]);
    expect(await q('ngoc ha')).toEqual(['Phường Ngọc Hà']);
  });
});
