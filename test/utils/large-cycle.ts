import { demoAnswers, demoSystemValues } from '../../src/cli/demo/demo-answers';
import type { Framework } from '../../src/engine/framework.model';
import type { TestApp } from './test-app';

/**
 * `count` more province-level units taking part in the cycles, with the demo's answers and system values of each
 * cycle's year, inserted directly in SQL (3,000 units through the services would take minutes).
 */
export async function addUnits(t: TestApp, framework: Framework, count: number, cycles: { id: string; year: number }[]): Promise<void> {
  const codes = Array.from({ length: count }, (_, i) => `T${String(i + 1).padStart(4, '0')}`);
  const units: { id: string; code: string }[] = await t.db.query(
    `INSERT INTO units (level, code, name_vi, valid_from, version)
     SELECT 'province', c, 'Đơn vị thử ' || c, DATE '2020-01-01', 1 FROM unnest($1::text[]) AS c RETURNING id, code`,
    [codes],
  );
  for (const cycle of cycles) {
    await t.db.query(`INSERT INTO cycle_units (cycle_id, unit_id) SELECT $1, unnest($2::uuid[])`, [cycle.id, units.map((u) => u.id)]);
    const submissions: { id: string; unit_id: string }[] = await t.db.query(
      `INSERT INTO submissions (cycle_id, unit_id, version) SELECT $1, unnest($2::uuid[]), 1 RETURNING id, unit_id`,
      [cycle.id, units.map((u) => u.id)],
    );
    const submissionOf = new Map(submissions.map((s) => [s.unit_id, s.id]));
    for (let i = 0; i < units.length; i += 500) {
      const batch = units.slice(i, i + 500);
      const answers = batch.flatMap((u) =>
        demoAnswers(framework, u.code, cycle.year).map((a) => ({
          submission_id: submissionOf.get(u.id),
          indicator_code: a.indicatorCode,
          value: a.value,
          self_points: a.selfPoints ?? null,
        })),
      );
      await t.db.query(
        `INSERT INTO answers (submission_id, indicator_code, value, self_points)
         SELECT submission_id, indicator_code, value, self_points
           FROM jsonb_to_recordset($1::jsonb) AS x(submission_id uuid, indicator_code varchar, value jsonb, self_points float8)`,
        [JSON.stringify(answers)],
      );
      const system = batch.flatMap((u) =>
        demoSystemValues(framework, u.code, cycle.year).map((v) => ({ unit_id: u.id, indicator_code: v.indicatorCode, value: v.value })),
      );
      await t.db.query(
        `INSERT INTO system_values (cycle_id, unit_id, indicator_code, value, import_job_id, imported_at)
         SELECT $2, unit_id, indicator_code, value, $2, now()
           FROM jsonb_to_recordset($1::jsonb) AS x(unit_id uuid, indicator_code varchar, value jsonb)`,
        [JSON.stringify(system), cycle.id],
      );
    }
  }
}
