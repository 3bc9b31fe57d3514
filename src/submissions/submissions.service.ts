import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, toVietnamTime, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { updateAtVersion } from '../common/optimistic-update';
import type { CycleRow, CycleUnitRow } from '../cycles/cycle-row';
import { CyclesService } from '../cycles/cycles.service';
import type { Framework } from '../engine/framework.model';
import type { RawValue } from '../engine/types';
import type { CompiledFramework } from '../frameworks/compiled-framework';
import { FrameworksService } from '../frameworks/frameworks.service';
import { Role } from '../auth/role';
import { answeredByUnit } from './answer-check';
import { upsertAnswers } from './answer-upsert.queries';
import { checkAnswers, type AnswerInput } from './answer-check';
import type { PlausibilityWarning } from './plausibility';
import { PlausibilityService } from './plausibility.service';
import { selfScore } from './self-score';
import { SubmissionAccessRegistry } from './submission-access.registry';
import { SubmissionStatus } from './submission-status';
import { saveAnswerRows, type SavedAnswers } from './save-answers.queries';
import { saveContextRow } from './save-context.queries';
import { submissionStateRows } from './submission-state.queries';
import { submissionWindow } from './submission-window';
import { bumpSubmissionVersion } from './submission-version.queries';
import { Submission } from './submission.entity';
import { toEvidenceView, toSubmissionSummary, type MissingItem, type SaveResult, type SubmissionState } from './submission.view';

export type { AnswerInput } from './answer-check';

export interface WrittenAnswer {
  indicatorCode: string;
  value: RawValue;
  note: string | null;
  selfPoints: number | null;
  warnings: PlausibilityWarning[];
}

/** Everything a submission write needs, loaded once in the write's transaction. */
export interface SubmissionContext {
  cycle: CycleRow;
  participant: CycleUnitRow;
  /** The framework's document (deep-frozen: shared by every request), and compiled (compiled). */
  framework: Framework;
  compiled: CompiledFramework;
  submission: Submission;
}

@Injectable()
export class SubmissionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly access: SubmissionAccessRegistry,
    private readonly plausibility: PlausibilityService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async state(actor: Actor, cycleId: string, unitId: string): Promise<SubmissionState> {
    await this.assertCanRead(this.db.manager, actor, cycleId, unitId);
    return this.db.transaction(async (manager) => this.describe(manager, await this.context(manager, cycleId, unitId)));
  }

  /**
   * Saves answers at the version read, all or none, audited; answers what a client needs after a save (SaveResult:
   * the submission with its new version, the saved answers as stored with their warnings, the running self-score and
   * what is missing), or with `state` the whole state as a read answers it. Three statements in its transaction: the
   * context (save-context.queries.ts), the write with its audit entry (save-answers.queries.ts), and with `state` the
   * state's read; the checks and their order as before: scope (403), window and phase, the answers (422), the version (409).
   */
  async saveAnswers(actor: Actor, cycleId: string, unitId: string, version: number, answers: AnswerInput[], options: { state: true }): Promise<SubmissionState>;
  async saveAnswers(actor: Actor, cycleId: string, unitId: string, version: number, answers: AnswerInput[], options?: { state?: false }): Promise<SaveResult>;
  async saveAnswers(
    actor: Actor,
    cycleId: string,
    unitId: string,
    version: number,
    answers: AnswerInput[],
    options: { state?: boolean } = {},
  ): Promise<SubmissionState | SaveResult> {
    this.assertOwnOfficer(actor, unitId);
    return this.db.transaction(async (manager) => {
      const found = await saveContextRow(manager, cycleId, unitId, answers.map((a) => a.indicatorCode), true);
      if (!found) throw DomainException.notFound('cycle', cycleId);
      if (!found.participant) throw DomainException.notFound('participant', `${unitId} of cycle ${cycleId}`);
      const compiled = await this.frameworks.compiled(manager, found.cycle.frameworkId);
      const ctx: SubmissionContext = {
        cycle: found.cycle,
        participant: found.participant,
        framework: compiled.document,
        compiled,
        submission: found.submission ?? (await this.createdSubmission(manager, cycleId, unitId)),
      };
      this.assertWritable(ctx);
      const { rows, problems } = checkAnswers(ctx.framework, answers);
      if (problems.length > 0) {
        throw new DomainException(ErrorCode.UnprocessableEntity, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
      }
      const warnings = await this.plausibility.warnings(manager, ctx.cycle, ctx.compiled, unitId, rows, found.lastYear);
      const author = { userId: actor.userId, label: actor.label, requestId: actor.requestId ?? null };
      const upserts = rows.map((r) => ({ ...r, warnings: warnings.get(r.indicatorCode) ?? [] }));
      const written = await saveAnswerRows(manager, ctx.submission, version, author, upserts, !options.state);
      if (!written) {
        // Stale or gone: updateAtVersion's 409 or 404, nothing written.
        await updateAtVersion(manager, Submission, ctx.submission.id, version, {});
        throw new Error(`submission ${ctx.submission.id} was neither updated nor refused at version ${version}`);
      }
      if (options.state) return this.describe(manager, { ...ctx, submission: written.submission });
      return this.saveResult({ ...ctx, submission: written.submission }, written);
    });
  }

  /** The submission of a unit's first read or write: two at once, one inserts, the other's insert does nothing, both read the one row. */
  private async createdSubmission(manager: EntityManager, cycleId: string, unitId: string): Promise<Submission> {
    await manager.createQueryBuilder().insert().into(Submission).values({ cycleId, unitId }).orIgnore().execute();
    return manager.findOneByOrFail(Submission, { cycleId, unitId });
  }

  /** A save's reply from what its write returned: the running score and the missing list as describe computes them. */
  private saveResult(ctx: SubmissionContext, written: SavedAnswers): SaveResult {
    const rest = written.rest!;
    // One pass over the some 200 answers, no [key, value] pair each (Object.fromEntries cost more than the rest of this reply).
    const answerValues: Record<string, RawValue> = {};
    const selfPoints: Record<string, number> = {};
    for (const list of [rest.answers, written.saved]) {
      for (const a of list) {
        answerValues[a.indicatorCode] = a.value;
        if (a.selfPoints !== null) selfPoints[a.indicatorCode] = a.selfPoints;
      }
    }
    const systemMap = Object.fromEntries(rest.systemValues.map((v) => [v.indicatorCode, v.value]));
    return {
      submission: toSubmissionSummary(ctx.submission),
      window: this.windowView(ctx),
      answers: Object.fromEntries(
        written.saved.map((a) => [a.indicatorCode, { value: a.value, note: a.note, selfPoints: a.selfPoints, warnings: a.warnings, updatedAt: a.updatedAt }]),
      ),
      selfScore: selfScore(ctx.compiled, ctx.participant.unit?.code ?? ctx.submission.unitId, { answers: answerValues, selfPoints, systemValues: systemMap }),
      missing: missingItems(ctx.compiled, answerValues, (code) => rest.evidenceCodes.has(code)),
    };
  }

  /**
   * Checks and writes answers at the given submission version, in the caller's transaction; refuses all of them
   * (422, each with its field and rule) if one is wrong. Shared by the API and the Excel template import. An answer
   * that passes but looks implausible is written with its warnings (plausibility.ts), for the officer and reviewer.
   */
  async applyAnswers(
    manager: EntityManager,
    actor: Actor,
    ctx: SubmissionContext,
    version: number,
    answers: AnswerInput[],
  ): Promise<WrittenAnswer[]> {
    return (await this.writeAnswers(manager, actor, ctx, version, answers)).written;
  }

  /** applyAnswers, with the submission as its version moved on (the save's reply needs no second read of it). */
  private async writeAnswers(
    manager: EntityManager,
    actor: Actor,
    ctx: SubmissionContext,
    version: number,
    answers: AnswerInput[],
  ): Promise<{ written: WrittenAnswer[]; submission: Submission }> {
    const { rows, problems } = checkAnswers(ctx.framework, answers);
    if (problems.length > 0) {
      throw new DomainException(ErrorCode.UnprocessableEntity, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    const submission = await bumpSubmissionVersion(manager, ctx.submission.id, version);
    const warnings = await this.plausibility.warnings(manager, ctx.cycle, ctx.compiled, ctx.submission.unitId, rows);
    // A field left out keeps what was stored: a save may send only the value, or only the note.
    const stored = await upsertAnswers(
      manager,
      ctx.submission.id,
      actor.userId,
      rows.map((r) => ({ ...r, warnings: warnings.get(r.indicatorCode) ?? [] })),
    );
    const written: WrittenAnswer[] = rows.map((r) => ({
      indicatorCode: r.indicatorCode,
      value: r.value,
      note: stored.get(r.indicatorCode)!.note,
      selfPoints: stored.get(r.indicatorCode)!.selfPoints,
      warnings: warnings.get(r.indicatorCode) ?? [],
    }));
    return { written, submission };
  }

  /** Locks the submission for review once every required answer and evidence is there; else 422 listing what is missing. */
  async submit(actor: Actor, cycleId: string, unitId: string, version: number): Promise<SubmissionState> {
    this.assertOwnOfficer(actor, unitId);
    return this.db.transaction(async (manager) => {
      const ctx = await this.context(manager, cycleId, unitId, { write: true });
      this.assertWritable(ctx);
      const state = await this.describe(manager, ctx);
      if (state.missing.length > 0) {
        throw new DomainException(
          ErrorCode.Incomplete,
          `${state.missing.length} required item(s) missing: ${state.missing
            .slice(0, 5)
            .map((m) => `${m.indicatorCode} ${m.missing}`)
            .join(', ')}${state.missing.length > 5 ? ', ...' : ''}`,
          state.missing.map((m) => ({ field: m.indicatorCode, rule: m.missing === 'value' ? 'required' : 'evidenceRequired', message: `${m.name}: ${m.missing} missing` })),
        );
      }
      await updateAtVersion(manager, Submission, ctx.submission.id, version, {
        status: SubmissionStatus.Submitted,
        submittedAt: this.clock.now(),
        submittedById: actor.userId,
      });
      await this.audit.record(manager, actor, {
        action: 'submission.submit',
        entityType: 'submission',
        entityId: ctx.submission.id,
        unitId: ctx.submission.unitId,
        before: { status: ctx.submission.status, version },
        after: { status: SubmissionStatus.Submitted, version: version + 1 },
      });
      return this.describe(manager, await this.reloaded(manager, ctx));
    });
  }

  /** Sends a submitted self-assessment back to its unit with a reason; the officer edits and resubmits. */
  async returnSubmission(actor: Actor, cycleId: string, unitId: string, version: number, reason: string): Promise<SubmissionState> {
    return this.db.transaction(async (manager) => {
      if (actor.role !== Role.Admin && !(actor.role === Role.Reviewer && (await this.access.canRead(manager, actor, cycleId, unitId)))) {
        throw DomainException.forbidden('only an administrator or a reviewer of this unit may return a submission');
      }
      const ctx = await this.context(manager, cycleId, unitId);
      if (ctx.submission.status !== SubmissionStatus.Submitted) {
        throw new DomainException(ErrorCode.WrongPhase, `only a submitted self-assessment can be returned; this one is ${ctx.submission.status}`);
      }
      await updateAtVersion(manager, Submission, ctx.submission.id, version, {
        status: SubmissionStatus.Returned,
        returnedAt: this.clock.now(),
        returnedReason: reason,
      });
      await this.audit.record(manager, actor, {
        action: 'submission.return',
        entityType: 'submission',
        entityId: ctx.submission.id,
        unitId: ctx.submission.unitId,
        before: { status: ctx.submission.status, version },
        after: { status: SubmissionStatus.Returned, version: version + 1, reason },
      });
      return this.describe(manager, await this.reloaded(manager, ctx));
    });
  }

  /**
   * The cycle, the unit's participation, the framework and the submission (created on first use). `write`: the
   * cycle's row is held (KEY SHARE) until the write commits, so that a phase move waits for it and it for the move:
   * a save read as "open" cannot land after the move to review has marked the final values its answers outdate.
   */
  async context(manager: EntityManager, cycleId: string, unitId: string, options: { write?: boolean } = {}): Promise<SubmissionContext> {
    const cycle = await this.cycles.find(manager, cycleId, { lock: options.write ? 'keyShare' : undefined });
    const participant = await this.cycles.participant(manager, cycleId, unitId);
    const compiled = await this.frameworks.compiled(manager, cycle.frameworkId);
    const submission = (await manager.findOneBy(Submission, { cycleId, unitId })) ?? (await this.createdSubmission(manager, cycleId, unitId));
    return { cycle, participant, framework: compiled.document, compiled, submission };
  }

  /** The context after a write in the same transaction: only the submission row has changed (its version). */
  private async reloaded(manager: EntityManager, ctx: SubmissionContext): Promise<SubmissionContext> {
    return { ...ctx, submission: await manager.findOneByOrFail(Submission, { id: ctx.submission.id }) };
  }

  async assertCanRead(manager: EntityManager, actor: Actor, cycleId: string, unitId: string): Promise<void> {
    if (!(await this.access.canRead(manager, actor, cycleId, unitId))) {
      throw DomainException.forbidden('you may not read this unit\'s submission');
    }
  }

  /** Only the unit's own officer writes its self-assessment. */
  assertOwnOfficer(actor: Actor, unitId: string): void {
    if (actor.role !== Role.Officer || actor.unitId !== unitId) {
      throw DomainException.forbidden('only an officer of this unit may write its self-assessment');
    }
  }

  /** The window is open for this unit and the submission is not locked for review. */
  assertWritable(ctx: SubmissionContext): void {
    const window = submissionWindow(ctx.cycle, ctx.participant, this.clock.now());
    if (!window.writable) throw new DomainException(ErrorCode.WindowClosed, window.reason ?? 'the window is closed', window.details ?? undefined);
    if (ctx.submission.status === SubmissionStatus.Submitted) {
      throw new DomainException(ErrorCode.WrongPhase, 'the self-assessment is submitted and locked until it is returned');
    }
  }

  private windowView(ctx: SubmissionContext): SubmissionState['window'] {
    const window = submissionWindow(ctx.cycle, ctx.participant, this.clock.now());
    return { writable: window.writable, reason: window.reason, details: window.details, until: toVietnamTime(window.until) };
  }

  private async describe(manager: EntityManager, ctx: SubmissionContext): Promise<SubmissionState> {
    const { cycle, participant, compiled, submission } = ctx;
    const { answers, systemValues, evidence } = await submissionStateRows(manager, submission.id, cycle.id, submission.unitId);
    const answerValues = Object.fromEntries(answers.map((a) => [a.indicatorCode, a.value]));
    const systemMap = Object.fromEntries(systemValues.map((v) => [v.indicatorCode, v.value]));
    const evidenceByLeaf: SubmissionState['evidence'] = {};
    for (const e of evidence) (evidenceByLeaf[e.indicatorCode] ??= []).push(toEvidenceView(e));
    const missing = missingItems(compiled, answerValues, (code) => !!evidenceByLeaf[code]?.length);
    return {
      submission: toSubmissionSummary(submission),
      window: this.windowView(ctx),
      answers: Object.fromEntries(
        answers.map((a) => [a.indicatorCode, { value: a.value, note: a.note, selfPoints: a.selfPoints, warnings: a.warnings, updatedAt: a.updatedAt }]),
      ),
      systemValues: systemMap,
      evidence: evidenceByLeaf,
      selfScore: selfScore(compiled, participant.unit?.code ?? submission.unitId, {
        answers: answerValues,
        selfPoints: Object.fromEntries(answers.filter((a) => a.selfPoints !== null).map((a) => [a.indicatorCode, a.selfPoints as number])),
        systemValues: systemMap,
      }),
      missing,
    };
  }
}

/** What the unit must still give before it can submit: each required leaf's value, and its evidence where required. */
function missingItems(compiled: CompiledFramework, answerValues: Record<string, RawValue>, hasEvidence: (code: string) => boolean): MissingItem[] {
  const missing: MissingItem[] = [];
  for (const { node } of compiled.leaves.values()) {
    if (!answeredByUnit(node) || node.required === false) continue;
    const value = answerValues[node.code];
    if (value === null || value === undefined) missing.push({ indicatorCode: node.code, name: node.name.vi, missing: 'value' });
    if (node.evidence === 'required' && !hasEvidence(node.code)) missing.push({ indicatorCode: node.code, name: node.name.vi, missing: 'evidence' });
  }
  return missing;
}
