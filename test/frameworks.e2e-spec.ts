import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { FrameworksService } from '../src/frameworks/frameworks.service';
import { systemActor } from '../src/auth/actor';
import { Role } from '../src/auth/role';
import { brokenFrameworkCases, BROKEN_DIR } from './utils/broken-frameworks';
import { auditCount, resetState, signedInUser, startTestApp, type SignedInUser, type TestApp } from './utils/test-app';

const shipped = (name: string) => readFileSync(join(process.cwd(), 'config', 'frameworks', name), 'utf8');
const YAML = 'application/yaml';

describe('frameworks API', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let reviewer: SignedInUser;

  const countFrameworks = async () =>
    Number((await t.db.query('SELECT count(*)::int AS n FROM framework_versions'))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
  });
  beforeEach(async () => {
    await resetState(t);
    admin = await signedInUser(t, Role.Admin, 'admin@dti.test');
    reviewer = await signedInUser(t, Role.Reviewer, 'reviewer@dti.test');
  });
  afterAll(() => t.close());

  it('imports a YAML file, reads its tree back, clones, diffs and exports to equal YAML', async () => {
    const text = shipped('pdti-2022.yaml');
    const created = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(text).expect(201);
    expect(created.body).toMatchObject({ code: 'PDTI', version: '2022.1', level: 'province', year: 2022, lockedAt: null });
    expect(created.body.contentHash).toMatch(/^[0-9a-f]{64}$/);

    const read = await t.http.get(`/api/v1/frameworks/${created.body.id}`).set(reviewer.auth).expect(200);
    const original = parse(text) as { nodes: { code: string; maxPoints?: number }[] };
    const { $schema: _hint, ...withoutHint } = original as Record<string, unknown>;
    expect(read.body.document).toEqual(withoutHint);
    expect(read.body.document.nodes.map((n: { code: string }) => n.code)).toEqual(original.nodes.map((n) => n.code));

    const clone = await t.http
      .post(`/api/v1/frameworks/${created.body.id}/clone`)
      .set(admin.auth)
      .send({ version: '2022.2' })
      .expect(201);
    expect(clone.body).toMatchObject({ code: 'PDTI', version: '2022.2', clonedFromId: created.body.id });

    // Change one leaf's points in the clone (and its group's declared max, to keep the sum right).
    const document = structuredClone(clone.body.document);
    const group = document.nodes[0].children[0];
    const leaf = group.children[0];
    const diffPoints = 1;
    leaf.maxPoints += diffPoints;
    if (leaf.scoring?.rule === 'bands') leaf.scoring.bands.at(-1).points += diffPoints;
    if (leaf.scoring?.rule === 'choice') leaf.scoring.options.at(-1).points += diffPoints;
    for (const node of [group, document.nodes[0]]) if (node.maxPoints !== undefined) node.maxPoints += diffPoints;
    if (document.maxPoints !== undefined) document.maxPoints += diffPoints;
    const replaced = await t.http
      .put(`/api/v1/frameworks/${clone.body.id}`)
      .set(admin.auth)
      .set('If-Match', `"${clone.body.rowVersion}"`)
      .send(document);
    expect(replaced.status).toBe(200);
    expect(replaced.body.rowVersion).toBe(clone.body.rowVersion + 1);

    const diff = await t.http.get(`/api/v1/frameworks/${created.body.id}/diff/${clone.body.id}`).set(admin.auth).expect(200);
    expect(diff.body.added).toEqual([]);
    expect(diff.body.removed).toEqual([]);
    expect(diff.body.framework).toEqual(expect.arrayContaining([{ field: 'version', from: '2022.1', to: '2022.2' }]));
    const leafChange = diff.body.changed.find((c: { code: string }) => c.code === leaf.code);
    expect(leafChange.fields).toEqual(
      expect.arrayContaining([{ field: 'maxPoints', from: leaf.maxPoints - diffPoints, to: leaf.maxPoints }]),
    );

    const exported = await t.http.get(`/api/v1/frameworks/${created.body.id}/export`).set(admin.auth).expect(200);
    expect(exported.headers['content-type']).toMatch(/^application\/yaml/);
    expect(exported.headers['content-disposition']).toContain('pdti-2022.1.yaml');
    expect(parse(exported.text)).toEqual(read.body.document);
    // Round trip: the export imported again (as a new version) is the same document.
    const again = parse(exported.text);
    again.version = '2022.9';
    const reimported = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(exported.text.replace('version: "2022.1"', 'version: "2022.9"').replace("version: '2022.1'", "version: '2022.9'"));
    expect(reimported.status).toBe(201);
    expect(reimported.body.document).toEqual(again);
  });

  it('refuses a second import of the same code and version with 409, storing nothing', async () => {
    await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(shipped('pdti-2023.yaml')).expect(201);
    const audits = await auditCount(t);
    const res = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(shipped('pdti-2023.yaml'));
    expect(res.status).toBe(409);
    expect(await countFrameworks()).toBe(1);
    expect(await auditCount(t)).toBe(audits);
  });

  it('refuses every change to a version a cycle uses, with 409 and the reason; its clone can change', async () => {
    const created = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(shipped('pdti-2021.yaml')).expect(201);
    const service = t.app.get(FrameworksService);
    await t.db.transaction((m) => service.lock(m, systemActor('cli'), created.body.id, 'used by cycle 2021 province'));

    const put = await t.http
      .put(`/api/v1/frameworks/${created.body.id}`)
      .set(admin.auth)
      .set('If-Match', String(created.body.rowVersion))
      .send(created.body.document);
    expect(put.status).toBe(409);
    expect(put.body.message).toContain('used by cycle 2021 province');
    const del = await t.http.delete(`/api/v1/frameworks/${created.body.id}`).set(admin.auth);
    expect(del.status).toBe(409);
    const read = await t.http.get(`/api/v1/frameworks/${created.body.id}`).set(admin.auth).expect(200);
    expect(read.body.document).toEqual(created.body.document);
    expect(read.body.lockedReason).toBe('used by cycle 2021 province');

    await t.http.post(`/api/v1/frameworks/${created.body.id}/clone`).set(admin.auth).send({ version: '2021.2' }).expect(201);
  });

  it('refuses a stale row version with 409 and the current one', async () => {
    const created = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(shipped('ndti-2024.yaml')).expect(201);
    const url = `/api/v1/frameworks/${created.body.id}`;
    await t.http.put(url).set(admin.auth).set('If-Match', '1').send(created.body.document).expect(200);
    const stale = await t.http.put(url).set(admin.auth).set('If-Match', '1').send(created.body.document);
    expect(stale.status).toBe(409);
    expect(stale.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
    const missing = await t.http.put(url).set(admin.auth).send(created.body.document);
    expect(missing.status).toBe(400);
    expect(missing.body.details[0]).toMatchObject({ field: 'rowVersion', rule: 'required' });
  });

  it('lets only admins write; officers and reviewers read', async () => {
    await t.http.post('/api/v1/frameworks').set(reviewer.auth).type(YAML).send(shipped('ndti-2024.yaml')).expect(403);
    await t.http.post('/api/v1/frameworks').type(YAML).send(shipped('ndti-2024.yaml')).expect(401);
    expect(await countFrameworks()).toBe(0);
    await t.http.get('/api/v1/frameworks').set(reviewer.auth).expect(200);
  });

  describe('the broken corpus', () => {
    const cases = brokenFrameworkCases();

    it('has at least 15 kinds of mistake', () => {
      expect(cases.length).toBeGreaterThanOrEqual(15);
    });

    it.each(cases.map((c) => [c.file, c] as const))('%s is refused with 422, its paths and rules, nothing stored', async (_file, c) => {
      const text = readFileSync(join(BROKEN_DIR, c.file), 'utf8');
      const audits = await auditCount(t);
      const res = await t.http
        .post('/api/v1/frameworks')
        .set(admin.auth)
        .type(c.file.endsWith('.json') ? 'application/json' : YAML)
        .send(text);
      if (c.errors[0]?.rule === 'syntax' && c.file.endsWith('.json')) {
        // A JSON body that does not parse is refused by the body parser before the validator sees it.
        expect(res.status).toBe(400);
      } else {
        expect(res.status).toBe(422);
        expect(res.body.details.map((d: { field: string; rule: string }) => [d.field, d.rule])).toEqual(
          c.errors.map((e) => [e.path || '(file)', e.rule]),
        );
      }
      expect(await countFrameworks()).toBe(0);
      expect(await auditCount(t)).toBe(audits);
    });
  });
});
