import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ERROR_STATUS, ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { CyclesService } from '../cycles/cycles.service';
import { AssignmentsService, type AssignmentView } from '../reviews/assignments.service';
import { DecisionsService } from '../reviews/decisions.service';
import { AssignReviewerDto, BulkAssignDto } from '../reviews/dto/assignment.dto';
import { canAssign } from '../reviews/review.can';
import { ReviewWorkbookService } from '../reviews/workbook/review-workbook.service';
import type { ListUsersQuery } from '../users/dto/list-users.query';
import { Role } from '../auth/role';
import type { UserView } from '../users/user.view';
import { UsersService } from '../users/users.service';
import { problemText } from './field-problem';
import { formNumber, formText, type FormBody } from './form-values';
import { localName, type MessageKey, type Translate } from './i18n';
import { sendWorkbook } from './page-download';
import { doneFlash, pageLang, pageT, submitForm, validDto } from './page-handler';
import { refusalSentence } from './refusal';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

const assignmentsUrl = (cycleId: string) => `${APP_PREFIX}/admin/cycles/${cycleId}/assignments`;

/** Values of a field sent once or many times (checkboxes), as the urlencoded parser gives them. */
const formList = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string' && v !== '');

/** What was typed into the two forms, shown again after a refusal. */
interface AssignTyped {
  unitId: string;
  reviewerId: string;
  isLead: boolean;
}
interface BulkTyped {
  reviewerIds: string[];
  unitIds: string[];
  perUnit: string;
}

interface PageProblem {
  message: string;
  href: string | null;
}

/** Where each field's error summary entry leads. */
const FIELD_ANCHOR: Record<string, string> = {
  unitId: '#a-unit',
  reviewerId: '#a-reviewer',
  reviewerIds: '#b-reviewers',
  unitIds: '#b-units',
  perUnit: '#b-perUnit',
};
const FIELD_LABEL: Record<string, MessageKey> = {
  unitId: 'reviewer.as.unit',
  reviewerId: 'reviewer.as.reviewer',
  reviewerIds: 'reviewer.as.reviewers',
  unitIds: 'reviewer.as.units',
  perUnit: 'reviewer.as.perUnit',
};

const REFUSALS: string[] = [ErrorCode.ValidationFailed, ErrorCode.UnprocessableEntity, ErrorCode.Conflict, ErrorCode.WrongPhase];

/** A refusal the assignments page explains (the rule, a conflict of interest, the policy, the phase); null for anything else. */
const assignmentRefusal = (error: unknown): DomainException | null => (error instanceof DomainException && REFUSALS.includes(error.code) ? error : null);

/**
 * The administrator's reviewer assignments of a cycle, on AssignmentsService: every participating unit with its
 * reviewers, lead and progress (workload); one reviewer assigned to a unit (lead or not), reviewers spread evenly in
 * bulk, an assignment removed; each assigned reviewer's review workbook downloaded. The service's refusals (a declared conflict of interest, policy single, the phase, a
 * unit without enough eligible reviewers) are shown with their reason and the typed choices kept.
 */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminAssignmentsPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly assignments: AssignmentsService,
    private readonly users: UsersService,
    private readonly workbooks: ReviewWorkbookService,
    private readonly decisions: DecisionsService,
  ) {}

  @Get('cycles/:cycleId/assignments')
  async page(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Query('done') done: unknown,
    @Query('n') n: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(res);
    const count = typeof n === 'string' && /^\d{1,6}$/.test(n) ? Number(n) : 0;
    const flash = await doneFlash(done, {
      assigned: () => t('reviewer.as.assigned'),
      lead: () => t('reviewer.as.leadSet'),
      removed: () => t('reviewer.as.removed'),
      bulk: () => t('reviewer.as.bulkDone', { count }),
    });
    await this.render(res, actor, cycleId, { flash });
  }

  /** A reviewer's review workbook of this cycle, as the API serves it to an administrator (?reviewerId=). */
  @Get('cycles/:cycleId/assignments/workbook')
  async workbook(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Query('reviewerId', ParseIdPipe) reviewerId: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.workbooks.download(actor, cycleId, reviewerId);
    sendWorkbook(res, file);
  }

  @Post('cycles/:cycleId/assignments')
  async assign(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed: AssignTyped = { unitId: formText(body.unitId), reviewerId: formText(body.reviewerId), isLead: formText(body.isLead) === 'true' };
    await submitForm(res, {
      act: async () => {
        await this.assignments.assign(actor, cycleId, await validDto(AssignReviewerDto, { unitId: typed.unitId, reviewerId: typed.reviewerId, isLead: typed.isLead }));
        return `${assignmentsUrl(cycleId)}?done=${formText(body.intent) === 'lead' ? 'lead' : 'assigned'}#a-${typed.unitId}`;
      },
      refused: assignmentRefusal,
      again: (error) => this.refused(res, actor, cycleId, error, { assign: typed, form: 'assign' }),
    });
  }

  @Post('cycles/:cycleId/assignments/bulk')
  async bulk(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed: BulkTyped = { reviewerIds: formList(body.reviewerIds), unitIds: formList(body.unitIds), perUnit: formText(body.perUnit).trim() };
    const plain: Record<string, unknown> = { reviewerIds: typed.reviewerIds };
    if (typed.unitIds.length) plain.unitIds = typed.unitIds;
    if (typed.perUnit !== '') plain.perUnit = formNumber(typed.perUnit);
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(BulkAssignDto, plain);
        const before = (await this.assignments.list(actor, cycleId, {})).length;
        await this.assignments.bulk(actor, cycleId, dto);
        const after = (await this.assignments.list(actor, cycleId, {})).length;
        return `${assignmentsUrl(cycleId)}?done=bulk&n=${after - before}`;
      },
      refused: assignmentRefusal,
      again: (error) => this.refused(res, actor, cycleId, error, { bulk: typed, form: 'bulk' }),
    });
  }

  @Post('cycles/:cycleId/assignments/:assignmentId/remove')
  async remove(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('assignmentId', ParseIdPipe) assignmentId: string,
    @Res() res: Response,
  ): Promise<void> {
    await submitForm(res, {
      act: async () => {
        await this.assignments.remove(actor, cycleId, assignmentId);
        return `${assignmentsUrl(cycleId)}?done=removed`;
      },
      refused: assignmentRefusal,
      again: (error) => this.refused(res, actor, cycleId, error, { form: 'remove' }),
    });
  }

  private async refused(
    res: Response,
    actor: Actor,
    cycleId: string,
    error: DomainException,
    options: { assign?: AssignTyped; bulk?: BulkTyped; form: 'assign' | 'bulk' | 'remove' },
  ): Promise<void> {
    const t = pageT(res);
    const names = await this.names(actor, cycleId);
    const problems = this.problems(error, t, names, options.assign);
    const status = error.code === ErrorCode.ValidationFailed ? 422 : ERROR_STATUS[error.code];
    await this.render(res, actor, cycleId, { status, problems, assign: options.assign, bulk: options.bulk, form: options.form });
  }

  /** A refusal in the page's words: the rule named, the reason of a conflict or policy, the units short of reviewers. */
  private problems(error: DomainException, t: Translate, names: { units: Map<string, string>; reviewers: Map<string, string> }, assign?: AssignTyped): PageProblem[] {
    const details = error.details;
    if (error.code === ErrorCode.Conflict && details && !Array.isArray(details) && (details as { rule?: unknown }).rule === 'conflictOfInterest') {
      const reason = String((details as { reason?: unknown }).reason ?? '');
      return [
        {
          message: t('reviewer.as.conflict', { reviewer: names.reviewers.get(assign?.reviewerId ?? '') ?? '', unit: names.units.get(assign?.unitId ?? '') ?? '', reason }),
          href: '#a-reviewer',
        },
      ];
    }
    if (error.code === ErrorCode.WrongPhase) return [{ message: t('reviewer.as.wrongPhase'), href: null }];
    if (Array.isArray(details) && details.length) {
      return (details as FieldProblem[]).map((p) => {
        const field = p.field.split('.')[0].replace(/\[\d+\]$/, '');
        const short = /^(\S+) (.+): (\d+) eligible reviewer\(s\) without a conflict, (\d+) needed$/.exec(p.message);
        const label = FIELD_LABEL[field] ? t(FIELD_LABEL[field]) : field;
        const message =
          p.rule === 'notEnoughReviewers' && short
            ? t('reviewer.as.notEnough', { unit: `${short[1]} ${short[2]}`, eligible: short[3], need: short[4] })
            : p.rule === 'activeReviewer'
              ? `${label}: ${t('reviewer.as.notReviewer')}`
              : p.rule === 'participant'
                ? `${label}: ${t('reviewer.as.notParticipant')}`
                : p.rule === 'isUuid' || p.rule === 'arrayMinSize'
                  ? `${label}: ${t('reviewer.as.choose')}`
                  : `${label}: ${problemText(t, p)}`;
        return { message, href: FIELD_ANCHOR[field] ?? null };
      });
    }
    // The reason the service gave (the single-reviewer policy), else the code's sentence.
    return [{ message: refusalSentence(error, t), href: null }];
  }

  private async reviewers(): Promise<UserView[]> {
    const all: UserView[] = [];
    for (let page = 1; ; page++) {
      const batch = await this.users.list({ role: Role.Reviewer, page, pageSize: 500 } as ListUsersQuery);
      all.push(...batch.items);
      if (all.length >= batch.total || batch.items.length === 0) break;
    }
    return all.filter((u) => !u.disabled);
  }

  private async names(actor: Actor, cycleId: string): Promise<{ units: Map<string, string>; reviewers: Map<string, string> }> {
    const units = await this.assignments.workload(actor, cycleId);
    const reviewers = await this.reviewers();
    return {
      units: new Map(units.map((u) => [u.unitId, `${u.unitCode} ${u.unitName}`])),
      reviewers: new Map(reviewers.map((r) => [r.id, r.email])),
    };
  }

  private async render(
    res: Response,
    actor: Actor,
    cycleId: string,
    options: { status?: number; flash?: string | null; problems?: PageProblem[]; assign?: AssignTyped; bulk?: BulkTyped; form?: string },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const cycle = await this.cycles.get(cycleId);
    const [units, list, reviewers] = await Promise.all([this.assignments.workload(actor, cycleId), this.assignments.list(actor, cycleId, {}), this.reviewers()]);
    const byUnit = new Map<string, AssignmentView[]>();
    for (const a of list) byUnit.set(a.unitId, [...(byUnit.get(a.unitId) ?? []), a]);
    const load = new Map<string, number>();
    for (const a of list) load.set(a.reviewerId, (load.get(a.reviewerId) ?? 0) + 1);
    // Every reviewer with units in this cycle has a workbook, a disabled one too (its decisions stay in the cycle).
    const emails = new Map(list.map((a) => [a.reviewerId, a.reviewerEmail ?? a.reviewerId]));
    const workbooks = [...load.keys()]
      .map((id) => ({ reviewerId: id, email: emails.get(id)!, units: load.get(id)!, href: `${assignmentsUrl(cycleId)}/workbook?reviewerId=${id}` }))
      .sort((a, b) => a.email.localeCompare(b.email));
    // Final values gone stale (the answer changed after they were settled) wait for the reviewers to decide again. They
    // are not in force, so only a unit short of final values can have one.
    const stale = new Map<string, number>();
    for (const u of units.filter((x) => x.finals < x.indicators)) {
      stale.set(u.unitId, (await this.decisions.finals(actor, cycleId, u.unitId)).filter((f) => f.stale).length);
    }
    const cycleName = localName(cycle, lang);
    await renderPage(
      res,
      'app/admin-assignments.njk',
      {
        title: t('reviewer.as.title', { cycle: cycleName }),
        cycle,
        cycleName,
        cycleUrl: `${APP_PREFIX}/admin/cycles/${cycleId}`,
        action: assignmentsUrl(cycleId),
        assignable: canAssign(cycle.phase),
        rows: units.map((u) => ({
          ...u,
          assignments: (byUnit.get(u.unitId) ?? []).sort((a, b) => Number(b.isLead) - Number(a.isLead)),
          stale: stale.get(u.unitId) ?? 0,
        })),
        reviewers: reviewers.map((r) => ({ id: r.id, email: r.email, fullName: r.fullName, load: load.get(r.id) ?? 0 })),
        workbooks,
        flash: options.flash ?? null,
        problems: options.problems ?? [],
        form: options.form ?? null,
        assign: options.assign ?? { unitId: '', reviewerId: '', isLead: false },
        bulk: options.bulk ?? { reviewerIds: [], unitIds: [], perUnit: '1' },
      },
      options.status ?? 200,
    );
  }
}
