import type { INestApplicationContext } from '@nestjs/common';
import type { Actor } from '../../auth/actor';
import { Role } from '../../auth/role';
import { UsersService } from '../../users/users.service';
import { AssignmentsService } from '../../reviews/assignments.service';
import { ConflictsService } from '../../reviews/conflicts.service';
import { DecisionsService, type DecisionItem } from '../../reviews/decisions.service';
import { flaggedAwaitingLead } from '../../reviews/final-values.queries';
import { isManual } from '../../reviews/leaf-points';
import { ObjectionsService } from '../../reviews/objections.service';
import { ReviewPolicy } from '../../reviews/review-policy';
import { hasDecided } from '../../reviews/review-decisions.queries';
import { ReviewScope } from '../../reviews/review-scope';
import { DataSource } from 'typeorm';
import { seededRandom } from './demo-answers';
import type { DemoUnit, DemoYearPlan } from './demo-unit';
import { cliOutput } from '../output/cli-output';
import { Progress } from './progress';

export const DEMO_REVIEWER_PASSWORD = 'demo-reviewer-2026!';
/** Units reviewed by two experts each, the first by code (median of the two; the lead settles a disagreement). */
const TWO_REVIEWERS = 10;
/** The reviewers' own provinces: declared as conflicts, so they are never assigned there. */
const HOME_UNITS = ['01', '79', '48'];

/** Eight expert reviewers (hội đồng thẩm định), three of them with their own province declared as a conflict. */
export async function demoReviewers(app: INestApplicationContext, admin: Actor, units: Map<string, DemoUnit>): Promise<Actor[]> {
  const users = app.get(UsersService);
  const conflicts = app.get(ConflictsService);
  const out: Actor[] = [];
  for (let i = 1; i <= 8; i++) {
    const email = `tham-dinh.${String(i).padStart(2, '0')}@demo.dti.vn`;
    const user = (await users.findForLogin(email)) ?? (await users.create(admin, { email, fullName: `Chuyên gia thẩm định ${i}`, role: Role.Reviewer, password: DEMO_REVIEWER_PASSWORD }));
    const home = HOME_UNITS[i - 1];
    if (home && units.has(home)) await conflicts.add(admin, user.id, { unitId: units.get(home)!.id, reason: 'own unit' });
    out.push({ userId: user.id, label: user.email, role: Role.Reviewer, unitId: null });
  }
  return out;
}

/**
 * The review of one year of a level: median policy, two reviewers for the first ten units and one for the rest
 * (spread evenly, never to a conflict); every indicator accepted but the hand-scored ones, which each expert scores
 * near the unit's own points; one disagreement flagged and settled by the lead; where the plan has objectors, an
 * objection window with the first's objection accepted and the second's rejected. With `partial` (the demo's live
 * part), each reviewer decides the first half of its units by code and leaves the rest pending, and it stops there.
 */
export async function reviewDemoYear(
  app: INestApplicationContext,
  admin: Actor,
  cycleId: string,
  plan: DemoYearPlan,
  units: DemoUnit[],
  options: { partial?: boolean } = {},
): Promise<{ decided: number; pending: number }> {
  const { year, reviewers } = plan;
  const assignments = app.get(AssignmentsService);
  const decisions = app.get(DecisionsService);
  const current = await assignments.settings(cycleId);
  if (current.version === 0) await assignments.updateSettings(admin, cycleId, 0, { policy: ReviewPolicy.Median, disagreementShare: 0.2 });
  const codes = units.map((u) => u.code).sort();
  const byCode = new Map(units.map((u) => [u.code, u]));
  const ids = reviewers.map((r) => r.userId!);
  await assignments.bulk(admin, cycleId, { reviewerIds: ids, unitIds: codes.slice(0, TWO_REVIEWERS).map((c) => byCode.get(c)!.id), perUnit: 2 });
  if (codes.length > TWO_REVIEWERS) {
    await assignments.bulk(admin, cycleId, { reviewerIds: ids, unitIds: codes.slice(TWO_REVIEWERS).map((c) => byCode.get(c)!.id), perUnit: 1 });
  }
  const all = await assignments.list(admin, cycleId, {});
  const out = cliOutput();
  const words = out.words.demo;
  out.detail(words.assignments(out.number(all.length), out.number(reviewers.length), out.number(Math.min(TWO_REVIEWERS, codes.length)), words.units[plan.level.code]));

  const db = app.get(DataSource);
  const ctx = await app.get(ReviewScope).context(db.manager, cycleId);
  const manual = [...ctx.leaves.values()].filter(isManual);
  const disputed = { unit: codes[0], leaf: manual[0] };
  const decides = options.partial ? firstHalfOfEach(all) : () => true;
  const progress = new Progress(words.reviews, all.length);
  let done = 0;
  let pending = 0;
  for (const a of all) {
    const reviewer = reviewers.find((r) => r.userId === a.reviewerId)!;
    if (!decides(a)) pending += 1;
    else if (!(await hasDecided(db.manager, cycleId, a.unitId, a.reviewerId))) {
      const self = await app.get(ReviewScope).selfOf(db.manager, ctx, a.unitId);
      // Seeded by the reviewer's e-mail, never the generated id, so a fresh database publishes the same numbers.
      const random = seededRandom(`review:${year}:${a.unitCode}:${reviewer.label}`);
      const items: DecisionItem[] = [...ctx.leaves.values()].map((leaf) => {
        const own = self.get(leaf.code)?.points ?? null;
        if (!isManual(leaf) || own === null) return { indicatorCode: leaf.code, decision: 'accept' };
        const max = leaf.maxPoints ?? 0;
        // Experts land near the unit's own points, a little lower more often than not; the disputed one far lower.
        const far = a.unitCode === disputed.unit && leaf.code === disputed.leaf?.code && !a.isLead;
        const shift = far ? (own >= max / 2 ? 0.45 * max : -0.45 * max) : (random() - 0.65) * 0.1 * max;
        const points = Math.max(0, Math.min(max, Math.round((own - shift) * 2) / 2));
        return points === own
          ? { indicatorCode: leaf.code, decision: 'accept' }
          : { indicatorCode: leaf.code, decision: 'adjust', points, comment: far ? 'Minh chứng chưa đủ cho mức điểm tự chấm' : 'Điều chỉnh theo minh chứng' };
      });
      await decisions.decide(reviewer, cycleId, a.unitId, items as never);
    }
    progress.tick(++done);
  }
  // A live review stops here: the lead's settlements and the objections wait for the reviewers' remaining decisions.
  if (options.partial) return { decided: all.length - pending, pending };
  // Flagged and waiting for the lead; a stale one waits for its reviewers instead (the lead is refused it).
  const flagged = await flaggedAwaitingLead(db.manager, cycleId);
  for (const f of flagged) {
    const lead = all.find((a) => a.unitId === f.unitId && a.isLead)!;
    const reviews = (await decisions.finals(admin, cycleId, f.unitId, f.indicatorCode))[0].reviews;
    const points = Math.round((reviews.reduce((s, r) => s + (r.points ?? 0), 0) / reviews.length) * 2) / 2;
    await decisions.leadDecide(reviewers.find((r) => r.userId === lead.reviewerId)!, cycleId, f.unitId, f.indicatorCode, {
      points,
      reason: 'Trưởng nhóm thẩm định: lấy mức giữa sau khi đối chiếu minh chứng với hai thành viên',
    });
    out.detail(words.disagreement(f.indicatorCode, lead.unitCode ?? '-', out.number(points)));
  }
  const objectors = plan.objectors.map((code) => byCode.get(code)).filter((u): u is DemoUnit => u !== undefined);
  const objected = manual[1] ?? disputed.leaf;
  if (objectors.length && objected) await objections(app, admin, cycleId, objectors, all, reviewers, objected.code);
  return { decided: all.length, pending: 0 };
}

type Assignment = Awaited<ReturnType<AssignmentsService['list']>>[number];

/** Each reviewer's first half of its units by code (at least one left pending when it has two or more). */
function firstHalfOfEach(all: Assignment[]): (a: Assignment) => boolean {
  const chosen = new Set<Assignment>();
  for (const reviewerId of new Set(all.map((a) => a.reviewerId))) {
    const own = all.filter((a) => a.reviewerId === reviewerId).sort((x, y) => (x.unitCode ?? '').localeCompare(y.unitCode ?? ''));
    own.slice(0, Math.floor(own.length / 2)).forEach((a) => chosen.add(a));
  }
  return (a) => chosen.has(a);
}

/** The first objector's objection accepted (a point more) by the administrator, the second's rejected by its lead. */
async function objections(
  app: INestApplicationContext,
  admin: Actor,
  cycleId: string,
  [first, second]: DemoUnit[],
  all: Awaited<ReturnType<AssignmentsService['list']>>,
  reviewers: Actor[],
  code: string,
): Promise<void> {
  const assignments = app.get(AssignmentsService);
  const service = app.get(ObjectionsService);
  const settings = await assignments.settings(cycleId);
  if (!settings.objectionsOpenAt) {
    const now = Date.now();
    await assignments.updateSettings(admin, cycleId, settings.version, {
      objectionsOpenAt: new Date(now - 3_600_000).toISOString(),
      objectionsCloseAt: new Date(now + 7 * 86_400_000).toISOString(),
    });
  }
  if ((await service.list(admin, cycleId, {})).length > 0) return;
  const a = await service.create(first.officer, cycleId, first.id, { indicatorCode: code, reason: 'Đơn vị đã bổ sung minh chứng về kết quả triển khai; đề nghị xem xét lại điểm' });
  const b = second && (await service.create(second.officer, cycleId, second.id, { indicatorCode: code, reason: 'Đề nghị giữ nguyên mức điểm tự đánh giá' }));
  const scores = await service.scores(first.officer, cycleId, first.id);
  const row = scores.find((s) => s.indicatorCode === code)!;
  const raised = Math.min(row.maxPoints, (row.reviewed?.points ?? 0) + 1);
  await service.decide(admin, cycleId, a.id, { outcome: 'accept', points: raised, answer: 'Chấp nhận: minh chứng bổ sung hợp lệ' });
  const out = cliOutput();
  out.detail(out.words.demo.objectionAccepted(first.code, code, out.number(raised)));
  if (!b) return;
  const lead = all.find((x) => x.unitId === second.id && x.isLead)!;
  await service.decide(reviewers.find((r) => r.userId === lead.reviewerId)!, cycleId, b.id, { outcome: 'reject', answer: 'Không có minh chứng mới; giữ nguyên điểm thẩm định' });
  out.detail(out.words.demo.objectionRejected(second.code, code));
}
