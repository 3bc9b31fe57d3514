import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { systemActor } from '../src/auth/actor';
import { Evidence } from '../src/submissions/evidence.entity';
import { UnitRegistryLoader } from '../src/units/unit-registry.loader';
import { Role } from '../src/auth/role';
import {
  auditCount,
  resetState,
  restoreClock,
  setNow,
  signedInUser,
  startTestApp,
  type SignedInUser,
  type TestApp,
} from './utils/test-app';

const YAML = 'application/yaml';
const shipped = (name: string) => readFileSync(join(process.cwd(), 'config', 'frameworks', name), 'utf8');

/** A leaf of a framework file, as much of it as the tests read. */
interface Leaf {
  code: string;
  maxPoints: number;
  input: { type: string; min?: number; max?: number; names?: string[] };
  scoring: { rule: string; options?: { value: string; points: number }[]; bands?: { min: number; points: number }[] };
  source?: string;
  evidence?: string;
  required?: boolean;
  children?: Leaf[];
}
interface FrameworkDoc {
  version: string;
  nodes: Leaf[];
}

function leavesOf(doc: FrameworkDoc): Leaf[] {
  const out: Leaf[] = [];
  const walk = (nodes: Leaf[]) => {
    for (const n of nodes) {
      if (n.children?.length) walk(n.children);
      else out.push(n);
    }
  };
  walk(doc.nodes);
  return out;
}

/** The unit answers its own leaves and the expert-scored ones; national systems measure the rest. */
const answeredByUnit = (leaf: Leaf) => (leaf.source ?? 'self') === 'self' || leaf.source === 'expert';

/** A valid value for a leaf, by its input type. */
function validValue(leaf: Leaf): unknown {
  const { input } = leaf;
  switch (input.type) {
    case 'boolean':
      return true;
    case 'percent':
      return 75;
    case 'integer':
      return Math.max(input.min ?? 0, Math.min(input.max ?? 40, 40));
    case 'number':
      return Math.max(input.min ?? 0, Math.min(input.max ?? 12.5, 12.5));
    case 'choice':
      return leaf.scoring.options?.at(-1)?.value;
    case 'numbers':
      return Object.fromEntries((input.names ?? []).map((name, i) => [name, 3 + i]));
    case 'text':
      return `Báo cáo của đơn vị cho chỉ tiêu ${leaf.code}`;
    default:
      throw new Error(`no valid value for input type ${input.type}`);
  }
}

/** Every answer the unit gives, each valid, with the unit's own points on the hand-scored leaves. */
function fullAnswers(doc: FrameworkDoc) {
  return leavesOf(doc)
    .filter(answeredByUnit)
    .map((leaf) => ({
      indicatorCode: leaf.code,
      value: validValue(leaf),
      ...(leaf.scoring.rule === 'manual' ? { selfPoints: leaf.maxPoints / 2 } : {}),
    }));
}

const PDTI_2022 = parse(shipped('pdti-2022.yaml')) as FrameworkDoc;
const leaf2022 = (code: string) => {
  const leaf = leavesOf(PDTI_2022).find((l) => l.code === code);
  if (!leaf) throw new Error(`no leaf ${code}`);
  return leaf;
};

/**
 * PDTI 2024 with two leaves turned into the numeric input types no shipped framework asks of the units: NT.03 an
 * integer 0..100, TC.02 a number 0..500. Its NT.05 is a self-reported numerator/denominator.
 */
function pdti2024Variant(): string {
  const doc = parse(shipped('pdti-2024.yaml')) as FrameworkDoc & Record<string, unknown>;
  delete doc.$schema;
  doc.version = '2024.9';
  const leaves = leavesOf(doc);
  const nt03 = leaves.find((l) => l.code === 'NT.03') as Leaf;
  const tc02 = leaves.find((l) => l.code === 'TC.02') as Leaf;
  expect([nt03.input.type, nt03.scoring.rule, tc02.input.type, tc02.scoring.rule]).toEqual(['percent', 'bands', 'percent', 'bands']);
  nt03.input = { type: 'integer', min: 0, max: 100 };
  tc02.input = { type: 'number', min: 0, max: 500 };
  return stringify(doc);
}

// Real services, a real worker and argon2 on a shared machine: the 5 s default is too tight for the fixtures.
jest.setTimeout(60_000);

describe('self-assessment submissions API', () => {
  let t: TestApp;
  let admin: SignedInUser;
  let officerA: SignedInUser;
  let officerB: SignedInUser;
  let reviewer: SignedInUser;
  let unitA: string;
  let unitB: string;
  let cycleId: string;

  const url = (unit = unitA, cycle = cycleId) => `/api/v1/cycles/${cycle}/units/${unit}/submission`;

  /** Units, users, PDTI 2022, and the 2022 province cycle for Hà Nội (A) and Đà Nẵng (B), opened, the clock inside its window. */
  async function fixtures(): Promise<void> {
    await resetState(t);
    await t.app.get(UnitRegistryLoader).load(join(process.cwd(), 'config', 'units'), systemActor('cli'));
    const province = async (code: string) =>
      (await t.db.query(`SELECT id FROM units WHERE level = 'province' AND code = $1 AND valid_from = '2008-08-01'`, [code]))[0].id as string;
    unitA = await province('01');
    unitB = await province('48');
    admin = await signedInUser(t, Role.Admin, 'quan.tri@dti.test');
    officerA = await signedInUser(t, Role.Officer, 'can.bo.hanoi@dti.test', unitA);
    officerB = await signedInUser(t, Role.Officer, 'can.bo.danang@dti.test', unitB);
    reviewer = await signedInUser(t, Role.Reviewer, 'chuyen.gia@dti.test');
    const framework = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(shipped('pdti-2022.yaml')).expect(201);
    cycleId = await openCycle(2022, framework.body.id);
    setNow(t, '2023-03-15T10:00:00');
  }

  async function openCycle(year: number, frameworkId: string, window = { opensAt: '2023-03-01T08:00:00', closesAt: '2023-04-30T17:00:00' }) {
    const cycle = await t.http
      .post('/api/v1/cycles')
      .set(admin.auth)
      .send({ year, level: 'province', frameworkId, nameVi: `Đánh giá DTI cấp tỉnh năm ${year}`, ...window, participants: [{ unitId: unitA }, { unitId: unitB }] })
      .expect(201);
    await t.http.post(`/api/v1/cycles/${cycle.body.id}/phase`).set(admin.auth).send({ to: 'open', rowVersion: cycle.body.rowVersion }).expect(200);
    return cycle.body.id as string;
  }

  const read = async (unit = unitA, who = admin, cycle = cycleId) => (await t.http.get(url(unit, cycle)).set(who.auth).expect(200)).body;

  const save = (answers: object[], version: number | string, who = officerA, unit = unitA, cycle = cycleId) =>
    t.http.patch(`${url(unit, cycle)}/answers`).set(who.auth).set('If-Match', `"${version}"`).send({ answers });

  /** What a refused request must leave as it was: the submissions, the answers, the evidence, the audit log. */
  async function fingerprint(): Promise<Record<string, string>> {
    const [row] = await t.db.query(`SELECT
      (SELECT count(*) || ':' || coalesce(md5(string_agg(s::text, '|' ORDER BY s.id)), '') FROM submissions s) AS submissions,
      (SELECT count(*) || ':' || coalesce(md5(string_agg(a::text, '|' ORDER BY a.submission_id, a.indicator_code)), '') FROM answers a) AS answers,
      (SELECT count(*) || ':' || coalesce(md5(string_agg(e::text, '|' ORDER BY e.id)), '') FROM evidence e) AS evidence,
      (SELECT count(*) || ':' || coalesce(md5(string_agg(l::text, '|' ORDER BY l.id)), '') FROM audit_log l) AS audit`);
    return row as Record<string, string>;
  }

  /** Evidence straight into the table (the evidence API is built elsewhere): one link per leaf. */
  async function addEvidence(submissionId: string, codes: string[]): Promise<void> {
    await t.db.getRepository(Evidence).insert(
      codes.map((indicatorCode) => ({
        submissionId,
        indicatorCode,
        kind: 'link' as const,
        url: `https://sotttt.hanoi.gov.vn/minh-chung/${indicatorCode}`,
        label: `Minh chứng ${indicatorCode}`,
        createdById: officerA.id,
      })),
    );
  }

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterEach(() => restoreClock(t));
  afterAll(() => t.close());

  describe('reading and saving a draft', () => {
    beforeEach(fixtures);

    it('shows the officer its unit\'s submission: version 1, draft, a zero self-score, everything missing', async () => {
      const res = await t.http.get(url()).set(officerA.auth);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"1"');
      expect(res.body.submission).toMatchObject({ cycleId, unitId: unitA, status: 'draft', version: 1, returnedReason: null });
      expect(res.body.window).toEqual({ writable: true, reason: null, details: null, until: '2023-04-30T17:00:00+07:00' });
      expect(res.body.answers).toEqual({});
      expect(res.body.selfScore.index).toBe(0);
      expect(res.body.selfScore.nodes.NT).toMatchObject({ points: 0, maxPoints: 100 });

      const own = leavesOf(PDTI_2022).filter(answeredByUnit);
      const needEvidence = own.filter((l) => l.evidence === 'required');
      expect(own).toHaveLength(64);
      expect(res.body.missing).toHaveLength(own.length + needEvidence.length);
      expect(res.body.missing.filter((m: { missing: string }) => m.missing === 'value').map((m: { indicatorCode: string }) => m.indicatorCode)).toEqual(
        own.map((l) => l.code),
      );
      expect(res.body.missing.filter((m: { missing: string }) => m.missing === 'evidence').map((m: { indicatorCode: string }) => m.indicatorCode)).toEqual(
        needEvidence.map((l) => l.code),
      );
      // National systems' leaves are never asked of the unit.
      expect(res.body.missing.map((m: { indicatorCode: string }) => m.indicatorCode)).not.toContain('NT.01');
    });

    it('saves a partial draft of several input types, returns the new version and the self-score from the framework', async () => {
      // From pdti-2022.yaml: NT.02 percent, bands 0/30/60/90 → 0/3/7/10; NT.03 choice partial = 5; NT.05 text,
      // manual, max 10; NT.06 boolean = 10; NT.08 percent bands.
      expect(leaf2022('NT.02').scoring.bands).toEqual([
        { min: 0, points: 0 },
        { min: 30, points: 3 },
        { min: 60, points: 7 },
        { min: 90, points: 10 },
      ]);
      expect(leaf2022('NT.03').scoring.options?.find((o) => o.value === 'partial')?.points).toBe(5);
      expect(leaf2022('NT.05')).toMatchObject({ maxPoints: 10, scoring: { rule: 'manual' }, input: { type: 'text' } });
      const audits = await auditCount(t);
      const answers = [
        { indicatorCode: 'NT.02', value: 65, note: 'Số liệu quý IV/2022' },
        { indicatorCode: 'NT.03', value: 'partial' },
        { indicatorCode: 'NT.05', value: 'Đã ban hành Kế hoạch 123/KH-UBND', selfPoints: 8 },
        { indicatorCode: 'NT.06', value: true },
        { indicatorCode: 'NT.08', value: 29.99 },
      ];
      const res = await save(answers, 1);
      expect(res.status).toBe(200);
      expect(res.headers.etag).toBe('"2"');
      expect(res.body.submission).toMatchObject({ version: 2, status: 'draft' });
      expect(res.body.answers['NT.02']).toMatchObject({ value: 65, note: 'Số liệu quý IV/2022', selfPoints: null });
      expect(res.body.answers['NT.05']).toMatchObject({ value: 'Đã ban hành Kế hoạch 123/KH-UBND', selfPoints: 8, note: null });
      const { nodes } = res.body.selfScore;
      expect(nodes['NT.02'].points).toBe(7);
      expect(nodes['NT.03'].points).toBe(5);
      expect(nodes['NT.05'].points).toBe(8);
      expect(nodes['NT.06'].points).toBe(10);
      expect(nodes['NT.08'].points).toBe(0);
      // The group is the sum of its leaves (7 + 5 + 8 + 10), the pillar group and the index follow (1000 points → 0..1).
      expect(nodes.NT).toMatchObject({ points: 30, maxPoints: 100 });
      expect(nodes.I.points).toBe(30);
      expect(res.body.selfScore.index).toBeCloseTo(0.03, 10);
      expect(res.body.missing.map((m: { indicatorCode: string; missing: string }) => `${m.indicatorCode} ${m.missing}`)).not.toContain('NT.02 value');
      expect(await auditCount(t)).toBe(audits + 1);
      const [entry] = await t.db.query(`SELECT actor_id, entity_id, before, after FROM audit_log WHERE action = 'submission.save'`);
      expect(entry).toMatchObject({ actor_id: officerA.id, entity_id: res.body.submission.id, before: { version: 1 }, after: { version: 2 } });

      // A second save may send only the value: the note and the points stay; null clears a value.
      const again = await save([{ indicatorCode: 'NT.02', value: 95 }, { indicatorCode: 'NT.05', value: 'Đã ban hành' }, { indicatorCode: 'NT.06', value: null }], 2);
      expect(again.status).toBe(200);
      expect(again.body.answers['NT.02']).toMatchObject({ value: 95, note: 'Số liệu quý IV/2022' });
      expect(again.body.answers['NT.05']).toMatchObject({ selfPoints: 8 });
      expect(again.body.answers['NT.06'].value).toBeNull();
      expect(again.body.selfScore.nodes.NT.points).toBe(10 + 5 + 8 + 0);
      expect(again.body.missing.map((m: { indicatorCode: string; missing: string }) => `${m.indicatorCode} ${m.missing}`)).toContain('NT.06 value');
      // The body field works as well as If-Match.
      const byBody = await t.http.patch(`${url()}/answers`).set(officerA.auth).send({ version: 3, answers: [{ indicatorCode: 'NT.06', value: false }] });
      expect(byBody.status).toBe(200);
      expect(byBody.body.submission.version).toBe(4);
      expect((await read()).answers['NT.06'].value).toBe(false);
    });

    it('answers a save with the saved answers, the running score and what is missing; with ?include=state the whole state as a read; audits each answer as stored', async () => {
      await addEvidence((await read()).submission.id, ['NT.02']);
      await save([{ indicatorCode: 'NT.02', value: 65, note: 'Số liệu quý IV/2022' }, { indicatorCode: 'NT.05', value: 'Mô tả', selfPoints: 8 }], 1).expect(200);
      const small = await save([{ indicatorCode: 'NT.06', value: true }, { indicatorCode: 'NT.02', value: 70 }], 2).expect(200);
      expect(small.headers.etag).toBe('"3"');
      expect(Object.keys(small.body).sort()).toEqual(['answers', 'missing', 'selfScore', 'submission', 'window']);
      expect(Object.keys(small.body.answers)).toEqual(['NT.06', 'NT.02']);
      // The note left out is kept; the score and the missing list count the answers not sent (NT.05) and the evidence.
      expect(small.body.answers['NT.02']).toMatchObject({ value: 70, note: 'Số liệu quý IV/2022', selfPoints: null, warnings: [] });
      const state = await read(unitA, officerA);
      expect(small.body.selfScore).toEqual(state.selfScore);
      expect(small.body.missing).toEqual(state.missing);
      expect(small.body.window).toEqual(state.window);
      expect(small.body.submission).toEqual(state.submission);
      expect(small.body.answers['NT.02']).toEqual(state.answers['NT.02']);

      const full = await t.http.patch(`${url()}/answers?include=state`).set(officerA.auth).set('If-Match', '"3"').send({ answers: [{ indicatorCode: 'NT.08', value: 29.99 }] }).expect(200);
      expect(full.headers.etag).toBe('"4"');
      expect(full.body).toEqual(await read(unitA, officerA));
      const [entry] = await t.db.query(`SELECT actor_id, actor_label, entity_type, entity_id, unit_id, before, after FROM audit_log WHERE action = 'submission.save' AND before = '{"version": 2}'`);
      expect(entry).toEqual({
        actor_id: officerA.id,
        actor_label: expect.any(String),
        entity_type: 'submission',
        entity_id: small.body.submission.id,
        unit_id: unitA,
        before: { version: 2 },
        after: {
          version: 3,
          answers: [
            { indicatorCode: 'NT.06', value: true, note: null, selfPoints: null, warnings: [] },
            { indicatorCode: 'NT.02', value: 70, note: 'Số liệu quý IV/2022', selfPoints: null, warnings: [] },
          ],
        },
      });
      const unknown = await t.http.patch(`${url()}/answers?include=everything`).set(officerA.auth).set('If-Match', '"4"').send({ answers: [{ indicatorCode: 'NT.06', value: false }] });
      expect(unknown.status).toBe(400);
      expect(unknown.body.details).toEqual([expect.objectContaining({ field: 'include', rule: 'isIn' })]);
    });

    it('scopes every submission endpoint to the unit: another officer 403, a reviewer 403, the public 401, nothing changes', async () => {
      await save([{ indicatorCode: 'NT.06', value: true }], 1).expect(200);
      const before = await fingerprint();
      const audits = await auditCount(t);
      const stateBefore = await read();
      const endpoints: [string, 'get' | 'patch' | 'post', string, object?][] = [
        ['read', 'get', url()],
        ['save', 'patch', `${url()}/answers`, { version: 2, answers: [{ indicatorCode: 'NT.06', value: false }] }],
        ['submit', 'post', `${url()}/submit`, { version: 2 }],
        ['return', 'post', `${url()}/return`, { version: 2, reason: 'Thiếu minh chứng' }],
      ];
      for (const [name, method, path, body] of endpoints) {
        for (const who of [officerB, reviewer]) {
          const res = await t.http[method](path).set(who.auth).send(body);
          expect([name, who.email, res.status]).toEqual([name, who.email, 403]);
          expect(res.body.error).toBe('FORBIDDEN');
        }
        const anonymous = await t.http[method](path).send(body);
        expect([name, 'public', anonymous.status]).toEqual([name, 'public', 401]);
      }
      // Officer B cannot write A's submission through its own token either with If-Match.
      const sneaky = await t.http.patch(`${url()}/answers`).set(officerB.auth).set('If-Match', '"2"').send({ answers: [{ indicatorCode: 'NT.06', value: false }] });
      expect(sneaky.status).toBe(403);
      expect(await fingerprint()).toEqual(before);
      expect(await auditCount(t)).toBe(audits);
      const stateAfter = await read();
      expect(stateAfter.answers).toEqual(stateBefore.answers);
      expect(stateAfter.submission.version).toBe(2);
      // Positive control: B reads and writes its own.
      const own = await t.http.get(url(unitB)).set(officerB.auth).expect(200);
      await save([{ indicatorCode: 'NT.06', value: false }], own.body.submission.version, officerB, unitB).expect(200);
      expect((await read()).answers['NT.06'].value).toBe(true);
    });

    it('answers 404 for a unit that does not take part in the cycle', async () => {
      const [hue] = await t.db.query(`SELECT id FROM units WHERE level = 'province' AND code = '46' AND valid_from = '2008-08-01'`);
      const officerHue = await signedInUser(t, Role.Officer, 'can.bo.hue@dti.test', hue.id);
      await t.http.get(url(hue.id)).set(officerHue.auth).expect(404);
      await save([{ indicatorCode: 'NT.06', value: true }], 1, officerHue, hue.id).expect(404);
      const [{ n }] = await t.db.query('SELECT count(*)::int AS n FROM submissions');
      expect(n).toBe(0);
    });
  });

  describe('a corpus of bad answers: 4xx naming the field and rule, nothing written', () => {
    let cycle2024: string;
    let before: Record<string, string>;

    beforeAll(async () => {
      await fixtures();
      const variant = await t.http.post('/api/v1/frameworks').set(admin.auth).type(YAML).send(pdti2024Variant());
      expect(variant.status).toBe(201);
      cycle2024 = await openCycle(2024, variant.body.id, { opensAt: '2023-01-01T00:00:00', closesAt: '2023-12-31T23:59:59' });
      // Something stored already, so that "nothing written" also means "nothing overwritten".
      await save([{ indicatorCode: 'NT.06', value: true, note: 'ghi chú' }, { indicatorCode: 'NT.05', value: 'Mô tả', selfPoints: 4 }], 1).expect(200);
      await save([{ indicatorCode: 'NT.01', value: true }], 1, officerA, unitA, cycle2024).expect(200);
      restoreClock(t);
    });
    beforeEach(async () => {
      setNow(t, '2023-03-15T10:00:00');
      before = await fingerprint();
    });

    const long = 'ư'.repeat(10_001);
    // Every case names its cycle: it.each passes a done callback in place of a missing last argument.
    type Case = [name: string, answers: () => object[], status: number, field: string, rule: string, cycle: '2022' | '2024'];
    const cases: Case[] = [
      ['boolean given a Vietnamese word', () => [{ indicatorCode: 'NT.06', value: 'có' }], 422, 'answers[0].value', 'isBoolean', '2022'],
      ['boolean given 1', () => [{ indicatorCode: 'NT.06', value: 1 }], 422, 'answers[0].value', 'isBoolean', '2022'],
      ['boolean given the text "true"', () => [{ indicatorCode: 'NT.06', value: 'true' }], 422, 'answers[0].value', 'isBoolean', '2022'],
      ['percent given text', () => [{ indicatorCode: 'NT.02', value: '50' }], 422, 'answers[0].value', 'isNumber', '2022'],
      ['percent given "50%"', () => [{ indicatorCode: 'NT.02', value: '50%' }], 422, 'answers[0].value', 'isNumber', '2022'],
      ['percent over 100', () => [{ indicatorCode: 'NT.02', value: 100.01 }], 422, 'answers[0].value', 'max', '2022'],
      ['percent below 0', () => [{ indicatorCode: 'NT.02', value: -0.5 }], 422, 'answers[0].value', 'min', '2022'],
      ['percent given an object', () => [{ indicatorCode: 'NT.02', value: { value: 50 } }], 422, 'answers[0].value', 'isNumber', '2022'],
      ['percent given a boolean', () => [{ indicatorCode: 'NT.02', value: true }], 422, 'answers[0].value', 'isNumber', '2022'],
      ['choice not offered', () => [{ indicatorCode: 'NT.03', value: 'almost' }], 422, 'answers[0].value', 'isIn', '2022'],
      ['choice by its label, not its value', () => [{ indicatorCode: 'NT.03', value: 'Triển khai đầy đủ' }], 422, 'answers[0].value', 'isIn', '2022'],
      ['choice with another case', () => [{ indicatorCode: 'NT.03', value: 'FULL' }], 422, 'answers[0].value', 'isIn', '2022'],
      ['choice given a number', () => [{ indicatorCode: 'NT.03', value: 10 }], 422, 'answers[0].value', 'isIn', '2022'],
      ['text given a number', () => [{ indicatorCode: 'NT.05', value: 42 }], 422, 'answers[0].value', 'isString', '2022'],
      ['text over 10,000 characters', () => [{ indicatorCode: 'NT.05', value: long }], 422, 'answers[0].value', 'maxLength', '2022'],
      ['unknown indicator', () => [{ indicatorCode: 'NT.99', value: true }], 422, 'answers[0].indicatorCode', 'exists', '2022'],
      ['a group, not an indicator', () => [{ indicatorCode: 'NT', value: true }], 422, 'answers[0].indicatorCode', 'exists', '2022'],
      ['an indicator code in another case', () => [{ indicatorCode: 'nt.06', value: true }], 422, 'answers[0].indicatorCode', 'exists', '2022'],
      ['a system-measured percent', () => [{ indicatorCode: 'NT.01', value: 80 }], 422, 'answers[0].indicatorCode', 'answeredByUnit', '2022'],
      ['a system-measured ratio', () => [{ indicatorCode: 'NT.04', value: { numerator: 1, denominator: 2 } }], 422, 'answers[0].indicatorCode', 'answeredByUnit', '2022'],
      ['selfPoints on a leaf scored by its rule', () => [{ indicatorCode: 'NT.06', value: true, selfPoints: 10 }], 422, 'answers[0].selfPoints', 'manualOnly', '2022'],
      ['selfPoints above the leaf maximum', () => [{ indicatorCode: 'NT.05', value: 'Mô tả', selfPoints: 10.5 }], 422, 'answers[0].selfPoints', 'max', '2022'],
      ['negative selfPoints', () => [{ indicatorCode: 'NT.05', value: 'Mô tả', selfPoints: -1 }], 422, 'answers[0].selfPoints', 'min', '2022'],
      ['selfPoints as text', () => [{ indicatorCode: 'NT.05', value: 'Mô tả', selfPoints: '8' }], 422, 'answers[0].selfPoints', 'isNumber', '2022'],
      ['an answer given twice', () => [{ indicatorCode: 'NT.06', value: true }, { indicatorCode: 'NT.06', value: false }], 422, 'answers[1].indicatorCode', 'unique', '2022'],
      ['a good answer then a bad one: all refused', () => [{ indicatorCode: 'NT.06', value: false }, { indicatorCode: 'NT.02', value: 101 }], 422, 'answers[1].value', 'max', '2022'],
      ['integer with decimals', () => [{ indicatorCode: 'NT.03', value: 2.5 }], 422, 'answers[0].value', 'isInt', '2024'],
      ['integer above its max', () => [{ indicatorCode: 'NT.03', value: 101 }], 422, 'answers[0].value', 'max', '2024'],
      ['integer below its min', () => [{ indicatorCode: 'NT.03', value: -1 }], 422, 'answers[0].value', 'min', '2024'],
      ['integer given text', () => [{ indicatorCode: 'NT.03', value: '12' }], 422, 'answers[0].value', 'isNumber', '2024'],
      ['number above its max', () => [{ indicatorCode: 'TC.02', value: 500.5 }], 422, 'answers[0].value', 'max', '2024'],
      ['number below its min', () => [{ indicatorCode: 'TC.02', value: -0.1 }], 422, 'answers[0].value', 'min', '2024'],
      ['numbers missing a part', () => [{ indicatorCode: 'NT.05', value: { numerator: 3 } }], 422, 'answers[0].value', 'isNumber', '2024'],
      ['numbers with an extra part', () => [{ indicatorCode: 'NT.05', value: { numerator: 3, denominator: 4, total: 7 } }], 422, 'answers[0].value', 'unknownField', '2024'],
      ['numbers as an array', () => [{ indicatorCode: 'NT.05', value: [3, 4] }], 422, 'answers[0].value', 'isObject', '2024'],
      ['numbers as one number', () => [{ indicatorCode: 'NT.05', value: 0.75 }], 422, 'answers[0].value', 'isObject', '2024'],
      ['numbers with a text part', () => [{ indicatorCode: 'NT.05', value: { numerator: '3', denominator: 4 } }], 422, 'answers[0].value', 'isNumber', '2024'],
      ['numbers with a negative part', () => [{ indicatorCode: 'NT.05', value: { numerator: -3, denominator: 4 } }], 422, 'answers[0].value', 'min', '2024'],
      ['a note over 10,000 characters', () => [{ indicatorCode: 'NT.06', value: true, note: long }], 400, 'answers.0.note', 'maxLength', '2022'],
      ['a note that is not text', () => [{ indicatorCode: 'NT.06', value: true, note: 5 }], 400, 'answers.0.note', 'isString', '2022'],
      ['an unknown field in an answer', () => [{ indicatorCode: 'NT.06', value: true, points: 10 }], 400, 'answers.0.points', 'unknownField', '2022'],
      ['an indicator code with SQL in it', () => [{ indicatorCode: "NT.06'; DROP TABLE answers;--", value: true }], 400, 'answers.0.indicatorCode', 'matches', '2022'],
      ['a NUL character in a text', () => [{ indicatorCode: 'NT.05', value: 'a\u0000b' }], 400, 'answers.0.value', 'noNulCharacter', '2022'],
    ];

    it.each(cases)('%s', async (_name, answers, status, field, rule, cycle) => {
      const target = cycle === '2024' ? cycle2024 : cycleId;
      const version = (await read(unitA, admin, target)).submission.version;
      const res = await save(answers(), version, officerA, unitA, target);
      expect(res.status).toBe(status);
      expect(res.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field, rule })]));
      expect(res.body.message).toContain(field);
      expect(await fingerprint()).toEqual(before);
    });

    it('refuses an empty answer list, a missing list and unknown top-level fields with 400', async () => {
      const body = async (payload: object) => (await t.http.patch(`${url()}/answers`).set(officerA.auth).set('If-Match', '"2"').send(payload)).body;
      expect((await body({ answers: [] })).details).toEqual([expect.objectContaining({ field: 'answers', rule: 'arrayMinSize' })]);
      expect((await body({})).details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'answers', rule: 'isArray' })]));
      expect((await body({ answers: [{ indicatorCode: 'NT.06', value: true }], status: 'submitted' })).details).toEqual([
        expect.objectContaining({ field: 'status', rule: 'unknownField' }),
      ]);
      expect(await fingerprint()).toEqual(before);
    });

    it('refuses a 5 MB body with 413, nothing written', async () => {
      const answers = [{ indicatorCode: 'NT.05', value: 'x'.repeat(5 * 1024 * 1024) }];
      const res = await save(answers, 2);
      expect(res.status).toBe(413);
      expect(res.body.message).toContain('body');
      expect(await fingerprint()).toEqual(before);
    });

    it('keeps Vietnamese with diacritics and emoji, SQL and HTML in text and notes, verbatim', async () => {
      const texts = [
        'Đã triển khai nền tảng số 🚀🇻🇳 — Sở Thông tin và Truyền thông',
        "Robert'); DROP TABLE answers;-- ' OR '1'='1",
        '<script>alert("xss")</script><img src=x onerror=alert(1)> &amp; &lt;',
        'Nhiều dòng\nvà\ttab, “ngoặc kép” và ‘đơn’ 𝔘𝔫𝔦𝔠𝔬𝔡𝔢',
      ];
      let version = (await read()).submission.version;
      for (const text of texts) {
        const res = await save([{ indicatorCode: 'NT.05', value: text, note: text }, { indicatorCode: 'NT.06', value: true, note: `${text} (ghi chú)` }], version);
        expect(res.status).toBe(200);
        version = res.body.submission.version;
        const state = await read();
        expect(state.answers['NT.05']).toMatchObject({ value: text, note: text });
        expect(state.answers['NT.06'].note).toBe(`${text} (ghi chú)`);
        const [stored] = await t.db.query(`SELECT value #>> '{}' AS value, note FROM answers WHERE indicator_code = 'NT.05' AND submission_id = $1`, [state.submission.id]);
        expect(stored).toEqual({ value: text, note: text });
      }
      // Decomposed Vietnamese (as some keyboards send it) is stored composed (NFC), so that it compares equal.
      const decomposed = 'Ha\u0300 No\u0323\u0302i';
      const res = await save([{ indicatorCode: 'NT.05', value: decomposed, note: decomposed }], version);
      expect(res.status).toBe(200);
      expect(res.body.answers['NT.05']).toMatchObject({ value: 'Hà Nội', note: 'Hà Nội' });
      // And the 2024 variant's numeric types take good values.
      const v2024 = (await read(unitA, admin, cycle2024)).submission.version;
      const ok = await save(
        [
          { indicatorCode: 'NT.03', value: 64 },
          { indicatorCode: 'TC.02', value: 499.75 },
          { indicatorCode: 'NT.05', value: { numerator: 0, denominator: 0 } },
        ],
        v2024,
        officerA,
        unitA,
        cycle2024,
      );
      expect(ok.status).toBe(200);
      expect(ok.body.answers['NT.05'].value).toEqual({ numerator: 0, denominator: 0 });
      expect(ok.body.selfScore.nodes['NT.05'].points).toBe(0);
    });
  });

  describe('no lost updates', () => {
    beforeEach(fixtures);

    it('lets exactly one of two concurrent writes on the same version through; the other gets 409 with the current version', async () => {
      await read();
      const [first, second] = await Promise.all([
        save([{ indicatorCode: 'NT.06', value: true, note: 'lần một' }], 1),
        save([{ indicatorCode: 'NT.06', value: false, note: 'lần hai' }], 1),
      ]);
      const statuses = [first.status, second.status].sort();
      expect(statuses).toEqual([200, 409]);
      const [winner, loser] = first.status === 200 ? [first, second] : [second, first];
      expect(loser.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      const state = await read();
      expect(state.submission.version).toBe(2);
      expect(state.answers['NT.06']).toMatchObject(winner.body.answers['NT.06']);
      const [{ n }] = await t.db.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'submission.save'`);
      expect(n).toBe(1);
    });

    it('repeats the race ten times with different answers: never two winners', async () => {
      let version = (await read()).submission.version;
      for (let round = 0; round < 10; round += 1) {
        const results = await Promise.all(
          [10, 50, 95].map((value) => save([{ indicatorCode: 'NT.02', value: value + round / 10 }], version)),
        );
        const ok = results.filter((r) => r.status === 200);
        expect([round, ok.length, results.filter((r) => r.status === 409).length]).toEqual([round, 1, 2]);
        version += 1;
        expect((await read()).answers['NT.02'].value).toBe(ok[0].body.answers['NT.02'].value);
      }
      expect((await read()).submission.version).toBe(11);
    });

    it('requires the version read: none is 400 naming version; a stale one 409; If-Match and body must agree', async () => {
      await save([{ indicatorCode: 'NT.06', value: true }], 1).expect(200);
      const before = await fingerprint();
      const none = await t.http.patch(`${url()}/answers`).set(officerA.auth).send({ answers: [{ indicatorCode: 'NT.06', value: false }] });
      expect(none.status).toBe(400);
      expect(none.body.details).toEqual([expect.objectContaining({ field: 'version', rule: 'required' })]);
      const stale = await save([{ indicatorCode: 'NT.06', value: false }], 1);
      expect(stale.status).toBe(409);
      expect(stale.body).toMatchObject({ error: 'VERSION_CONFLICT', details: { currentVersion: 2 } });
      const staleBody = await t.http.patch(`${url()}/answers`).set(officerA.auth).send({ version: 1, answers: [{ indicatorCode: 'NT.06', value: false }] });
      expect(staleBody.status).toBe(409);
      const future = await save([{ indicatorCode: 'NT.06', value: false }], 7);
      expect(future.status).toBe(409);
      const disagree = await t.http
        .patch(`${url()}/answers`)
        .set(officerA.auth)
        .set('If-Match', '"2"')
        .send({ version: 1, answers: [{ indicatorCode: 'NT.06', value: false }] });
      expect(disagree.status).toBe(400);
      expect(disagree.body.details).toEqual([expect.objectContaining({ field: 'version', rule: 'matchesIfMatch' })]);
      const garbage = await t.http.patch(`${url()}/answers`).set(officerA.auth).set('If-Match', '*').send({ answers: [{ indicatorCode: 'NT.06', value: false }] });
      expect(garbage.status).toBe(400);
      expect(garbage.body.details).toEqual([expect.objectContaining({ field: 'If-Match', rule: 'isVersion' })]);
      const submitNone = await t.http.post(`${url()}/submit`).set(officerA.auth).send({});
      expect(submitNone.status).toBe(400);
      expect(await fingerprint()).toEqual(before);
      // A weak ETag as read back from GET is accepted.
      const etag = (await t.http.get(url()).set(officerA.auth).expect(200)).headers.etag;
      await t.http.patch(`${url()}/answers`).set(officerA.auth).set('If-Match', `W/${etag}`).send({ answers: [{ indicatorCode: 'NT.06', value: false }] }).expect(200);
    });
  });

  describe('submit and return', () => {
    beforeEach(fixtures);

    it('refuses an incomplete submit with 422 listing what is missing; submits once answers and evidence are there; returns and resubmits', async () => {
      const missingKey = (d: { field: string; rule: string }) => `${d.field} ${d.rule}`;
      const own = leavesOf(PDTI_2022).filter(answeredByUnit);
      const needEvidence = own.filter((l) => l.evidence === 'required').map((l) => l.code);

      // Nothing answered yet.
      await save([{ indicatorCode: 'NT.06', value: true }], 1).expect(200);
      let fp = await fingerprint();
      const empty = await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"2"').send({});
      expect(empty.status).toBe(422);
      expect(empty.body.error).toBe('INCOMPLETE');
      const emptyMissing = empty.body.details.map(missingKey);
      expect(emptyMissing).toEqual(expect.arrayContaining(['NT.02 required', 'NT.03 required', 'NT.05 required', 'NT.03 evidenceRequired']));
      expect(emptyMissing).not.toContain('NT.06 required');
      expect(emptyMissing).toHaveLength(own.length - 1 + needEvidence.length);
      expect(empty.body.message).toContain(`${own.length - 1 + needEvidence.length} required item(s) missing`);
      expect(await fingerprint()).toEqual(fp);

      // Every answer, by the helper: only the evidence is missing now.
      const full = await save(fullAnswers(PDTI_2022), 2);
      expect(full.status).toBe(200);
      expect(full.body.missing.every((m: { missing: string }) => m.missing === 'evidence')).toBe(true);
      expect(full.body.selfScore.index).toBeGreaterThan(0);
      const submissionId = full.body.submission.id as string;
      fp = await fingerprint();
      const noEvidence = await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"3"').send({});
      expect(noEvidence.status).toBe(422);
      expect(noEvidence.body.details.map(missingKey).sort()).toEqual(needEvidence.map((c) => `${c} evidenceRequired`).sort());
      expect(await fingerprint()).toEqual(fp);

      // All the evidence but one leaf's: that one alone is listed.
      const [last, ...rest] = [...needEvidence].reverse();
      await addEvidence(submissionId, rest);
      const oneShort = await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"3"').send({});
      expect(oneShort.status).toBe(422);
      expect(oneShort.body.details).toEqual([expect.objectContaining({ field: last, rule: 'evidenceRequired' })]);
      // Evidence for another unit's submission does not count.
      const other = await read(unitB);
      await addEvidence(other.submission.id, [last]);
      await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"3"').send({}).expect(422);

      await addEvidence(submissionId, [last]);
      const audits = await auditCount(t);
      const submitted = await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"3"').send({});
      expect(submitted.status).toBe(200);
      expect(submitted.headers.etag).toBe('"4"');
      expect(submitted.body.submission).toMatchObject({ status: 'submitted', version: 4 });
      expect(submitted.body.submission.submittedAt).toBe('2023-03-15T03:00:00.000Z');
      expect(submitted.body.missing).toEqual([]);
      expect(await auditCount(t)).toBe(audits + 1);

      // Locked: writes and a second submit are refused, nothing changes.
      fp = await fingerprint();
      const write = await save([{ indicatorCode: 'NT.06', value: false }], 4);
      expect(write.status).toBe(409);
      expect(write.body.error).toBe('WRONG_PHASE');
      const again = await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"4"').send({});
      expect(again.status).toBe(409);
      // Only an admin (or a reviewer of the unit, none yet) returns it, with a reason.
      await t.http.post(`${url()}/return`).set(officerA.auth).send({ version: 4, reason: 'Tự trả lại' }).expect(403);
      await t.http.post(`${url()}/return`).set(reviewer.auth).send({ version: 4, reason: 'Thiếu minh chứng' }).expect(403);
      const noReason = await t.http.post(`${url()}/return`).set(admin.auth).send({ version: 4 });
      expect(noReason.status).toBe(400);
      expect(noReason.body.details).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'reason' })]));
      const blank = await t.http.post(`${url()}/return`).set(admin.auth).send({ version: 4, reason: '   ' });
      expect(blank.status).toBe(400);
      const staleReturn = await t.http.post(`${url()}/return`).set(admin.auth).send({ version: 3, reason: 'Thiếu minh chứng' });
      expect(staleReturn.status).toBe(409);
      expect(staleReturn.body.details).toEqual({ currentVersion: 4 });
      expect(await fingerprint()).toEqual(fp);

      const reason = 'Thiếu tài liệu kiểm chứng cho chỉ tiêu NT.05: đề nghị bổ sung';
      const returned = await t.http.post(`${url()}/return`).set(admin.auth).set('If-Match', '"4"').send({ reason });
      expect(returned.status).toBe(200);
      expect(returned.body.submission).toMatchObject({ status: 'returned', version: 5, returnedReason: reason });
      const [entry] = await t.db.query(`SELECT actor_id, after FROM audit_log WHERE action = 'submission.return'`);
      expect(entry).toMatchObject({ actor_id: admin.id, after: { status: 'returned', reason } });
      // A returned submission cannot be returned again.
      const twice = await t.http.post(`${url()}/return`).set(admin.auth).set('If-Match', '"5"').send({ reason });
      expect(twice.status).toBe(409);

      // The officer sees why, edits and resubmits.
      const seen = await t.http.get(url()).set(officerA.auth).expect(200);
      expect(seen.body.submission).toMatchObject({ status: 'returned', returnedReason: reason });
      const edited = await save([{ indicatorCode: 'NT.05', value: 'Bổ sung Quyết định 456/QĐ-UBND', selfPoints: 9 }], 5);
      expect(edited.status).toBe(200);
      expect(edited.body.submission).toMatchObject({ status: 'returned', version: 6 });
      const resubmitted = await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"6"').send({});
      expect(resubmitted.status).toBe(200);
      expect(resubmitted.body.submission).toMatchObject({ status: 'submitted', version: 7 });
      expect(resubmitted.body.answers['NT.05']).toMatchObject({ value: 'Bổ sung Quyết định 456/QĐ-UBND', selfPoints: 9 });
    });

    it('refuses to return a draft', async () => {
      await read();
      const res = await t.http.post(`${url()}/return`).set(admin.auth).send({ version: 1, reason: 'Chưa nộp' });
      expect(res.status).toBe(409);
      expect((await read()).submission).toMatchObject({ status: 'draft', version: 1 });
    });
  });

  describe('the window', () => {
    beforeEach(fixtures);

    const writeA = (version: number) => save([{ indicatorCode: 'NT.06', value: version % 2 === 0 }], version);
    const writeB = (version: number) => save([{ indicatorCode: 'NT.06', value: true }], version, officerB, unitB);

    it('refuses writes before opensAt and after closesAt with 409 WINDOW_CLOSED; its edges are inside', async () => {
      setNow(t, '2023-03-01T07:59:59');
      const before = await fingerprint();
      const early = await writeA(1);
      expect(early.status).toBe(409);
      expect(early.body).toMatchObject({ error: 'WINDOW_CLOSED' });
      expect(early.body.message).toContain('2023-03-01T08:00:00+07:00');
      // The reason as a code with its values, for a client to say in its own language.
      expect(early.body.details).toEqual({ reason: 'windowNotYetOpen', opensAt: '2023-03-01T01:00:00.000Z' });
      const earlySubmit = await t.http.post(`${url()}/submit`).set(officerA.auth).set('If-Match', '"1"').send({});
      expect(earlySubmit.status).toBe(409);
      expect(earlySubmit.body.error).toBe('WINDOW_CLOSED');
      const state = await t.http.get(url()).set(officerA.auth).expect(200);
      // The state says why with the refusal's reason code, for a client to say it in its own language.
      expect(state.body.window).toMatchObject({ writable: false, details: { reason: 'windowNotYetOpen', opensAt: '2023-03-01T01:00:00.000Z' } });
      // Reading created the submission row; nothing else changed.
      const after = await fingerprint();
      expect([after.answers, after.audit]).toEqual([before.answers, before.audit]);

      setNow(t, '2023-03-01T08:00:00');
      await writeA(1).expect(200);
      setNow(t, '2023-04-30T17:00:00');
      await writeA(2).expect(200);
      setNow(t, '2023-04-30T17:00:01');
      const fp = await fingerprint();
      const late = await writeA(3);
      expect(late.status).toBe(409);
      expect(late.body.error).toBe('WINDOW_CLOSED');
      expect(late.body.message).toContain('2023-04-30T17:00:00+07:00');
      expect(late.body.details).toEqual({ reason: 'windowEnded', closesAt: '2023-04-30T10:00:00.000Z', extensionUntil: null });
      expect(await fingerprint()).toEqual(fp);
      expect((await t.http.get(url()).set(officerA.auth).expect(200)).body.window).toMatchObject({ writable: false });
    });

    it('lets the unit with an extension, alone, write until its date', async () => {
      await read(unitB);
      setNow(t, '2023-05-01T09:00:00');
      await writeA(1).expect(409);
      await writeB(1).expect(409);
      const granted = await t.http
        .put(`/api/v1/cycles/${cycleId}/participants/${unitA}/extension`)
        .set(admin.auth)
        .send({ until: '2023-05-07T17:00:00', reason: 'Sở TT&TT đề nghị gia hạn do sự cố hệ thống' });
      expect(granted.status).toBe(200);

      const a = await writeA(1);
      expect(a.status).toBe(200);
      expect(a.body.window).toEqual({ writable: true, reason: null, details: null, until: '2023-05-07T17:00:00+07:00' });
      const b = await writeB(1);
      expect(b.status).toBe(409);
      expect(b.body.error).toBe('WINDOW_CLOSED');
      expect((await read(unitB)).answers).toEqual({});

      setNow(t, '2023-05-07T17:00:00');
      await writeA(2).expect(200);
      setNow(t, '2023-05-07T17:00:01');
      const late = await writeA(3);
      expect(late.status).toBe(409);
      expect(late.body.error).toBe('WINDOW_CLOSED');
      expect(late.body.message).toContain('2023-05-07T17:00:00+07:00');
      expect((await read()).submission.version).toBe(3);
    });

    it('a revoked extension: the unit writes only inside the window again; another unit\'s extension is untouched; audited', async () => {
      await read(unitB);
      setNow(t, '2023-05-01T09:00:00');
      const extension = (unit: string) => `/api/v1/cycles/${cycleId}/participants/${unit}/extension`;
      for (const unit of [unitA, unitB]) {
        await t.http.put(extension(unit)).set(admin.auth).send({ until: '2023-05-07T17:00:00', reason: 'Sở TT&TT đề nghị gia hạn do sự cố hệ thống' }).expect(200);
      }
      await writeA(1).expect(200);
      await writeB(1).expect(200);

      const reason = 'Gia hạn cấp nhầm: Hà Nội không đề nghị gia hạn';
      for (const who of [officerA, reviewer]) {
        const refused = await t.http.delete(extension(unitA)).set(who.auth).send({ reason });
        expect([who.email, refused.status]).toEqual([who.email, 403]);
      }
      await writeA(2).expect(200);
      const revoked = await t.http.delete(extension(unitA)).set(admin.auth).send({ reason });
      expect(revoked.status).toBe(200);
      expect(revoked.body).toMatchObject({ unitId: unitA, extensionUntil: null });

      const fp = await fingerprint();
      const late = await writeA(3);
      expect(late.status).toBe(409);
      expect(late.body.error).toBe('WINDOW_CLOSED');
      expect(late.body.message).toContain('the window closed at 2023-04-30T17:00:00+07:00');
      expect(late.body.message).not.toContain('extension');
      expect(await fingerprint()).toEqual(fp);
      expect((await read()).window).toEqual({
        writable: false,
        reason: expect.stringContaining('the window closed'),
        details: { reason: 'windowEnded', closesAt: '2023-04-30T10:00:00.000Z', extensionUntil: null },
        until: '2023-04-30T17:00:00+07:00',
      });

      // Đà Nẵng keeps its extension and writes on.
      const b = await writeB(2);
      expect(b.status).toBe(200);
      expect(b.body.window).toEqual({ writable: true, reason: null, details: null, until: '2023-05-07T17:00:00+07:00' });

      const [entry] = await t.db.query(`SELECT actor_id, entity_id, before, after FROM audit_log WHERE action = 'cycle.extension_revoke'`);
      expect(entry).toEqual({
        actor_id: admin.id,
        entity_id: cycleId,
        before: { unitId: unitA, extensionUntil: '2023-05-07T10:00:00.000Z' },
        after: { unitId: unitA, extensionUntil: null, reason },
      });
    });

    it('refuses writes once the cycle has moved to review, even inside the dates', async () => {
      await writeA(1).expect(200);
      const cycle = (await t.http.get(`/api/v1/cycles/${cycleId}`).set(admin.auth).expect(200)).body;
      await t.http.post(`/api/v1/cycles/${cycleId}/phase`).set(admin.auth).send({ to: 'review', rowVersion: cycle.rowVersion }).expect(200);
      const res = await writeA(2);
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('WINDOW_CLOSED');
      expect(res.body.message).toContain('review');
      expect((await read()).submission.version).toBe(2);
    });

    it('a save while the move to review is under way waits for it, then is refused: it cannot land after the move', async () => {
      await writeA(1).expect(200);
      const runner = t.db.createQueryRunner();
      await runner.connect();
      await runner.startTransaction();
      try {
        // The phase move in flight, as CyclesService makes it: the cycle's row locked and changed, not committed yet
        // (the stale final values are marked in this transaction, from the answers as they are).
        await runner.query('SELECT id FROM cycles WHERE id = $1 FOR UPDATE', [cycleId]);
        await runner.query(`UPDATE cycles SET phase = 'review' WHERE id = $1`, [cycleId]);
        let settled = false;
        const save = writeA(2).then((res) => {
          settled = true;
          return res;
        });
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect(settled).toBe(false);
        await runner.commitTransaction();
        const res = await save;
        expect(res.status).toBe(409);
        expect(res.body.error).toBe('WINDOW_CLOSED');
      } finally {
        if (runner.isTransactionActive) await runner.rollbackTransaction();
        await runner.release();
      }
      expect((await read()).submission.version).toBe(2);
    });
  });
});
