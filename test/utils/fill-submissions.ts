import { demoAnswers, demoSystemValues } from '../../src/cli/demo/demo-answers';
import { systemActor } from '../../src/auth/actor';
import { SubmissionsService } from '../../src/submissions/submissions.service';
import { SystemValue } from '../../src/submissions/system-value.entity';
import type { TestApp } from './test-app';

/** Gives the units of a cycle the demo's deterministic answers and system values, through the submissions service. */
export async function fillSubmissions(t: TestApp, cycleId: string, units: Record<string, string>, year: number): Promise<void> {
  const submissions = t.app.get(SubmissionsService);
  for (const [code, unitId] of Object.entries(units)) {
    await t.db.transaction(async (manager) => {
      const ctx = await submissions.context(manager, cycleId, unitId);
      await submissions.applyAnswers(manager, systemActor('demo'), ctx, ctx.submission.version, demoAnswers(ctx.framework, code, year));
      const values = demoSystemValues(ctx.framework, code, year);
      if (values.length) {
        await manager.upsert(
          SystemValue,
          values.map((v) => ({ cycleId, unitId, indicatorCode: v.indicatorCode, value: v.value as never, importJobId: cycleId, importedAt: new Date() })),
          ['cycleId', 'unitId', 'indicatorCode'],
        );
      }
    });
  }
}

/** Moves a cycle along the phase table with the admin's token. */
export async function moveCycle(t: TestApp, auth: { Authorization: string }, cycleId: string, ...phases: string[]): Promise<void> {
  for (const to of phases) {
    const cycle = await t.http.get(`/api/v1/cycles/${cycleId}`).set(auth).expect(200);
    await t.http.post(`/api/v1/cycles/${cycleId}/phase`).set(auth).send({ to, rowVersion: cycle.body.rowVersion }).expect(200);
  }
}
