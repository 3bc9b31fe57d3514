import type { EntityManager } from 'typeorm';
import { finalValuesInForce } from '../src/reviews/final-values.queries';
import { scoreInputBatches } from '../src/scoring/score-input-batches';
import { cycleInputsHead, hashInputs, inputsHasher, loadScoreInputs, parametersOf, unitGroups, type ScoreInputs, type ScoredUnitInput } from '../src/scoring/score-inputs';
import { cycleAnswerValues } from '../src/submissions/answers.queries';
import { cycleSystemValues } from '../src/submissions/system-values.queries';
import { unitsByIdsByCode } from '../src/units/units.queries';
import { openProvinceCycle, type OpenCycle } from './utils/cycle-fixture';
import { fillSubmissions } from './utils/fill-submissions';
import { resetState, startTestApp, type TestApp } from './utils/test-app';

/**
 * loadScoreInputs reads a unit's answers as one row of JSON objects (cycleAnswersByUnit) since #23: the same inputs,
 * in the same order, with the same hash as when it read one row per answer (`byRows` below, the reading before),
 * on a cycle with every case that decides them: answers, empty ones (SQL NULL and JSON null), hand-scored leaves with
 * and without self points (and a NaN), system values over answers and alone, reviewed values in force and not
 * (flagged, stale), a unit without a submission, a submission of a unit no longer taking part, and groups.
 */
describe('score inputs: read per unit as JSON, as they were read per answer', () => {
  let t: TestApp;
  let c: OpenCycle;
  /** A rule-scored leaf the units answer. */
  let ruleLeaf: string;

  /** The reading before #23, from one row per answer, system value and reviewed value (ordered by unit and code). */
  async function byRows(manager: EntityManager, cycleId: string, unitCodes?: string[]): Promise<ScoreInputs> {
    const { head, participation, manual } = await cycleInputsHead(manager, cycleId);
    const registered = await unitsByIdsByCode(manager, [...participation.keys()], unitCodes);
    const only = unitCodes ? registered.map((u) => u.id) : null;
    const byId = new Map<string, ScoredUnitInput>();
    const units = registered.map((u) => {
      const p = participation.get(u.id)!;
      const unit: ScoredUnitInput = { unitId: u.id, code: u.code, unitGroup: p.unitGroup, ranked: p.ranked, groups: unitGroups(p.unitGroup), values: {}, manualPoints: {} };
      byId.set(u.id, unit);
      return unit;
    });
    for (const a of await cycleAnswerValues(manager, cycleId, only)) {
      const unit = byId.get(a.unitId);
      if (!unit) continue;
      if (manual.has(a.indicatorCode)) {
        if (a.selfPoints !== null) unit.manualPoints![a.indicatorCode] = a.selfPoints;
      } else if (a.value !== null) {
        unit.values[a.indicatorCode] = a.value;
      }
    }
    for (const v of await cycleSystemValues(manager, cycleId, only)) {
      const unit = byId.get(v.unitId);
      if (unit && v.value !== null) unit.values[v.indicatorCode] = v.value;
    }
    for (const f of await finalValuesInForce(manager, cycleId, only)) {
      const unit = byId.get(f.unitId);
      if (!unit) continue;
      if (f.points !== null) unit.manualPoints![f.indicatorCode] = f.points;
      if (!manual.has(f.indicatorCode) && f.value !== null) unit.values[f.indicatorCode] = f.value;
    }
    return { ...head, units, parameters: parametersOf(units.map((u) => u.unitGroup)) };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await resetState(t);
    c = await openProvinceCycle(t);
    // Every unit but two answers (10 and 11 have no submission).
    const filled = Object.fromEntries(Object.entries(c.units).filter(([code]) => code !== '10' && code !== '11'));
    await fillSubmissions(t, c.cycleId, filled, 2022);

    const { manual } = await cycleInputsHead(t.db.manager, c.cycleId);
    const [m1, m2] = [...manual];
    const [r1, r2, r3, r4] = ((await t.db.query(
      `SELECT DISTINCT a.indicator_code AS code FROM answers a JOIN submissions s ON s.id = a.submission_id
        WHERE s.cycle_id = $1 AND a.indicator_code <> ALL($2::text[]) AND a.value IS NOT NULL ORDER BY 1 LIMIT 4`,
      [c.cycleId, [...manual]],
    )) as { code: string }[]).map((r) => r.code);
    expect([m1, m2, r1, r2, r3, r4].every(Boolean)).toBe(true);
    ruleLeaf = r2;
    const u = c.units;
    const sql = (text: string, params: unknown[]) => t.db.query(text, params);
    const answer = `UPDATE answers a SET %s FROM submissions s WHERE s.id = a.submission_id AND s.cycle_id = $1 AND s.unit_id = $2 AND a.indicator_code = $3`;
    // Empty answers: SQL NULL and JSON null, on a rule-scored leaf.
    await sql(answer.replace('%s', 'value = NULL'), [c.cycleId, u['01'], r1]);
    await sql(answer.replace('%s', `value = 'null'::jsonb`), [c.cycleId, u['48'], r1]);
    // Hand-scored leaves: no self points; a value beside them (never read); NaN points; points on a rule leaf (never read).
    await sql(answer.replace('%s', 'self_points = NULL'), [c.cycleId, u['01'], m1]);
    await sql(answer.replace('%s', `value = '7'::jsonb, self_points = 3.25`), [c.cycleId, u['48'], m1]);
    await sql(answer.replace('%s', `self_points = 'NaN'`), [c.cycleId, u['79'], m2]);
    await sql(answer.replace('%s', 'self_points = 0.1'), [c.cycleId, u['79'], r2]);
    // System values: over an answer, of an unanswered leaf, an empty one, and of a unit without a submission.
    const system = `INSERT INTO system_values (cycle_id, unit_id, indicator_code, value, import_job_id, imported_at) VALUES ($1, $2, $3, $4, $1, now())
      ON CONFLICT (cycle_id, unit_id, indicator_code) DO UPDATE SET value = EXCLUDED.value`;
    await sql(system, [c.cycleId, u['01'], r2, '12.5']);
    await sql(system, [c.cycleId, u['01'], r1, 'true']);
    await sql(system, [c.cycleId, u['48'], r3, null]);
    await sql(system, [c.cycleId, u['10'], r2, '"a text"']);
    // Reviewed values: in force (value and points; points of a hand-scored leaf; no value), flagged and waiting, stale.
    const final = `INSERT INTO final_values (cycle_id, unit_id, indicator_code, value, points, method, flagged, decided_by_id, decided_at, stale_since)
      VALUES ($1, $2, $3, $4, $5, 'adjust', $6, NULL, now(), $7)`;
    await sql(final, [c.cycleId, u['01'], r3, '42', 1.5, false, null]);
    await sql(final, [c.cycleId, u['01'], m2, '9', 2, false, null]);
    await sql(final, [c.cycleId, u['48'], r4, null, 0.75, false, null]);
    await sql(final, [c.cycleId, u['79'], r3, '1', 1, true, null]);
    await sql(final, [c.cycleId, u['79'], r4, '2', 2, false, new Date()]);
    // Groups, a unit not ranked, and a submission of a unit that no longer takes part.
    await sql(`UPDATE cycle_units SET unit_group = 'A' WHERE cycle_id = $1 AND unit_id = ANY($2::uuid[])`, [c.cycleId, [u['01'], u['48'], u['10']]]);
    await sql(`UPDATE cycle_units SET unit_group = 'B', ranked = false WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, u['79']]);
    await sql(`DELETE FROM cycle_units WHERE cycle_id = $1 AND unit_id = $2`, [c.cycleId, u['92']]);
  }, 180_000);
  afterAll(async () => {
    await t?.close();
  }, 60_000);

  it('gives the same units, order, values, points and hash, whole and for some units', async () => {
    const before = await byRows(t.db.manager, c.cycleId);
    const now = await loadScoreInputs(t.db.manager, c.cycleId);
    expect(now.units.map((u) => u.code)).toEqual(before.units.map((u) => u.code));
    expect(now).toEqual(before);
    expect(hashInputs(now)).toBe(hashInputs(before));
    // The cases are there: otherwise equality would prove little.
    const of = (code: string) => now.units.find((x) => x.code === code)!;
    expect(now.units).toHaveLength(62);
    expect(of('92')).toBeUndefined();
    expect(of('10').values).toEqual({ [ruleLeaf]: 'a text' });
    expect(Object.keys(of('11').values)).toHaveLength(0);
    expect(Object.values(of('79').manualPoints!).some((p) => Number.isNaN(p))).toBe(true);
    expect(now.parameters).toEqual(expect.objectContaining({ rankWithin: 'group' }));

    const codes = ['79', '01', '11', '92', '48'];
    const some = await loadScoreInputs(t.db.manager, c.cycleId, codes);
    expect(some).toEqual(await byRows(t.db.manager, c.cycleId, codes));
    expect(some.units.map((u) => u.code)).toEqual(['01', '11', '48', '79']);
  });

  it('reads the same in batches (publishing), with the same hash', async () => {
    const before = await byRows(t.db.manager, c.cycleId);
    const read = await scoreInputBatches(t.db.manager, c.cycleId, 7);
    const hash = inputsHasher(read.head, read.count);
    const units: ScoredUnitInput[] = [];
    for await (const batch of read.batches) {
      for (const unit of batch) {
        units.push(unit);
        hash.add(unit);
      }
    }
    expect(units).toEqual(before.units);
    expect(hash.digest()).toBe(hashInputs(before));
  });
});
