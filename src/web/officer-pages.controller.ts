import { Body, Controller, Get, Param, Post, Query, Req, Res, UploadedFile, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';
import { ParseIdPipe } from '../common/validators';
import { hasOpened } from '../cycles/cycle.can';
import type { CycleView } from '../cycles/cycle.view';
import { CyclesService } from '../cycles/cycles.service';
import type { ListCyclesQuery } from '../cycles/dto/list-cycles.query';
import type { Framework } from '../engine/framework.model';
import type { UploadedEvidenceFile } from '../submissions/store-evidence-file';
import { UploadGate } from '../storage/upload-gate';
import { frameworkLeaves } from '../frameworks/framework-tree';
import { FrameworksService } from '../frameworks/frameworks.service';
import { answeredByUnit } from '../submissions/answer-check';
import { AddEvidenceDto } from '../submissions/dto/add-evidence.dto';
import { SaveAnswersDto } from '../submissions/dto/save-answers.dto';
import { EvidenceService } from '../submissions/evidence.service';
import type { SubmissionState } from '../submissions/submission.view';
import { SubmissionsService, type AnswerInput } from '../submissions/submissions.service';
import { SubmissionUploadChecks } from '../submissions/upload-checks';
import { UnitsService } from '../units/units.service';
import { ROLES, Role } from '../auth/role';
import { problemText } from './field-problem';
import { answerValue, checkWithDto, formNumber, formText, formVersion, typedAnswer, type FormBody, type TypedAnswer } from './form-values';
import { localName, type Lang, type Translate } from './i18n';
import { megabytes, PageUploadInterceptor, uploadTooLarge } from './page-upload';
import { refusalSentence } from './refusal';
import { buildSelfAssessment, type EvidenceFormState } from './self-assessment.model';
import { APP_PREFIX, CSRF_FIELD } from './session';
import { AppPage, renderPage } from './web-auth';

const formUrl = (cycleId: string, unitId: string) => `${APP_PREFIX}/cycles/${cycleId}/units/${unitId}`;
const EVIDENCE_FIELDS = ['documentNumber', 'documentTitle', 'issuedOn', 'summary', 'url', 'label'] as const;

interface FormPageOptions {
  status?: number;
  flash?: string | null;
  problems?: Array<{ message: string; href?: string }>;
  typed?: Record<string, TypedAnswer>;
  errors?: Record<string, string>;
  evidenceForm?: EvidenceFormState | null;
}

/**
 * The officer's pages: the unit's cycles and its self-assessment (answers, evidence, submit), all through
 * SubmissionsService and EvidenceService, which enforce the API's rules (own unit, window, lock, versions). The
 * guard refuses an officer every URL of another unit before anything is read or uploaded.
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerPagesController {
  constructor(
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly submissions: SubmissionsService,
    private readonly evidence: EvidenceService,
    private readonly units: UnitsService,
    private readonly config: AppConfig,
  ) {}

  @Get('units/:unitId/cycles')
  async unitCycles(@CurrentActor() actor: Actor, @Param('unitId', ParseIdPipe) unitId: string, @Res() res: Response): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const unit = await this.units.get(unitId);
    const all = await this.cycles.list({ page: 1, pageSize: 200 } as ListCyclesQuery);
    const rows: Array<{ cycle: CycleView; name: string; status: string | null; href: string }> = [];
    for (const cycle of all.items) {
      if (!(await this.cycles.participants(cycle.id)).some((p) => p.unitId === unitId)) continue;
      const status = !hasOpened(cycle.phase) ? null : (await this.submissions.state(actor, cycle.id, unitId)).submission.status;
      rows.push({ cycle, name: localName(cycle, lang), status, href: formUrl(cycle.id, unitId) });
    }
    const unitName = localName(unit, lang);
    await renderPage(res, 'app/officer-cycles.njk', { title: t('cycles.title', { unit: unitName }), unitName, rows });
  }

  @Get('cycles/:cycleId/units/:unitId')
  async form(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Query('done') done: unknown,
    @Query('code') code: unknown,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const flash =
      done === 'saved' ? t('form.savedOk') : done === 'unchanged' ? t('form.nothingChanged') : done === 'submitted' ? t('form.submittedOk') : done === 'evidence' && typeof code === 'string' ? t('evidence.added', { code: code.slice(0, 64) }) : null;
    await this.renderForm(res, actor, cycleId, unitId, { flash });
  }

  /** The plain save (the form without script): only what differs from the stored answers is sent, at the version read. */
  @Post('cycles/:cycleId/units/:unitId/answers')
  async save(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const state = await this.submissions.state(actor, cycleId, unitId);
    const framework = await this.framework(cycleId);
    const typed: Record<string, TypedAnswer> = {};
    const answers: AnswerInput[] = [];
    for (const { node } of frameworkLeaves(framework)) {
      if (!answeredByUnit(node) || body[`value[${node.code}]`] === undefined && !(node.input?.names ?? []).some((n) => body[`value[${node.code}][${n}]`] !== undefined)) continue;
      const typedNow = typedAnswer(body, node);
      typed[node.code] = typedNow;
      const stored = state.answers[node.code];
      const value = answerValue(node, typedNow);
      const note = typedNow.note === '' ? null : typedNow.note;
      const points = node.scoring?.rule === 'manual' ? formNumber(typedNow.points) : undefined;
      const changed =
        JSON.stringify(value) !== JSON.stringify(stored?.value ?? null) || note !== (stored?.note ?? null) || (points !== undefined && points !== (stored?.selfPoints ?? null));
      if (changed) answers.push({ indicatorCode: node.code, value, note, ...(points !== undefined ? { selfPoints: points } : {}) });
    }
    if (answers.length === 0) return res.redirect(303, `${formUrl(cycleId, unitId)}?done=unchanged`);
    const version = formNumber(formText(body.version));
    const checked = await checkWithDto(SaveAnswersDto, { version, answers });
    try {
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.submissions.saveAnswers(actor, cycleId, unitId, typeof version === 'number' ? version : 0, checked.dto.answers);
      return res.redirect(303, `${formUrl(cycleId, unitId)}?done=saved`);
    } catch (error) {
      const refused = this.refusal(error, t, (field) => answers[Number(/^answers\[(\d+)\]/.exec(field)?.[1] ?? -1)]?.indicatorCode);
      if (!refused) throw error;
      await this.renderForm(res, actor, cycleId, unitId, { status: refused.status, typed, errors: refused.byCode, problems: [{ message: refused.summary }, ...refused.list] });
    }
  }

  @Post('cycles/:cycleId/units/:unitId/submit')
  async submit(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    try {
      await this.submissions.submit(actor, cycleId, unitId, formVersion(body.version));
      return res.redirect(303, `${formUrl(cycleId, unitId)}?done=submitted`);
    } catch (error) {
      if (error instanceof DomainException && error.code === ErrorCode.Incomplete) {
        const count = Array.isArray(error.details) ? error.details.length : 0;
        return this.renderForm(res, actor, cycleId, unitId, { status: 422, problems: [{ message: t('form.incomplete', { count }), href: '#missing' }] });
      }
      const refused = this.refusal(error, t, () => undefined);
      if (!refused) throw error;
      await this.renderForm(res, actor, cycleId, unitId, { status: refused.status, problems: [{ message: refused.summary }, ...refused.list] });
    }
  }

  /** A citation of a document or a link, checked by the API's AddEvidenceDto, then EvidenceService. */
  @Post('cycles/:cycleId/units/:unitId/evidence')
  async addReference(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const kind = formText(body.kind) === 'link' ? 'link' : 'citation';
    const code = formText(body.indicatorCode);
    const values: Record<string, string> = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, formText(body[f])]));
    const plain: Record<string, unknown> = { indicatorCode: code, kind };
    const fields = kind === 'link' ? ['url', 'label'] : ['documentNumber', 'documentTitle', 'issuedOn', 'summary'];
    for (const f of fields) if (values[f].trim() !== '') plain[f] = values[f].trim();
    try {
      const checked = await checkWithDto(AddEvidenceDto, plain);
      if (checked.problems.length) throw DomainException.validation(checked.problems);
      await this.evidence.addReference(actor, cycleId, unitId, formVersion(body.version), checked.dto);
      return res.redirect(303, `${formUrl(cycleId, unitId)}?done=evidence&code=${encodeURIComponent(code)}#ind-${encodeURIComponent(code)}`);
    } catch (error) {
      await this.evidenceRefused(res, actor, cycleId, unitId, error, { code, kind, values, problems: [] }, t);
    }
  }

  /**
   * A file (multipart, field `file`); the CSRF token comes in ?_csrf= so that it is checked before the upload is read.
   * A file over UPLOAD_MAX_BYTES comes back to the form at its indicator, the limit named at the field; nothing stored.
   */
  @Post('cycles/:cycleId/units/:unitId/evidence/files')
  @UseInterceptors(UploadGate(SubmissionUploadChecks, 'evidence'), PageUploadInterceptor(FileInterceptor('file')))
  async upload(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Body() body: FormBody,
    @UploadedFile() file: UploadedEvidenceFile | undefined,
    @Req() req: Request,
    @Res() res: Response,
  ): Promise<void> {
    const t = res.locals.t as Translate;
    const code = formText(body.indicatorCode);
    if (uploadTooLarge(req)) {
      const message = t('evidence.tooLarge', { limit: megabytes(this.config.UPLOAD_MAX_BYTES, res.locals.lang as Lang) });
      return this.renderForm(res, actor, cycleId, unitId, {
        status: 413,
        evidenceForm: { code, kind: 'file', values: {}, problems: [{ field: '', message }], fileError: message },
        problems: [{ message, href: `#ef-${code}` }],
      });
    }
    try {
      if (!file) throw DomainException.validation([{ field: 'file', rule: 'fileRequired', message: t('evidence.fileMissing') }]);
      await this.evidence.addFile(actor, cycleId, unitId, formVersion(body.version), code, file.originalname, file.stored);
      return res.redirect(303, `${formUrl(cycleId, unitId)}?done=evidence&code=${encodeURIComponent(code)}#ind-${encodeURIComponent(code)}`);
    } catch (error) {
      await this.evidenceRefused(res, actor, cycleId, unitId, error, { code, kind: 'file', values: {}, problems: [] }, t);
    }
  }

  /** An evidence file, for the unit's officer and whoever the service lets read the submission (its reviewers, admins). */
  @Get('cycles/:cycleId/units/:unitId/evidence/:evidenceId/download')
  @Roles(...ROLES)
  async download(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Param('evidenceId', ParseIdPipe) evidenceId: string,
    @Res() res: Response,
  ): Promise<void> {
    const file = await this.evidence.download(actor, cycleId, unitId, evidenceId);
    res.setHeader('Content-Type', file.mimeType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    file.stream.pipe(res);
  }

  private async framework(cycleId: string): Promise<Framework> {
    const cycle = await this.cycles.get(cycleId);
    return (await this.frameworks.get(cycle.frameworkId)).document;
  }

  private async evidenceRefused(res: Response, actor: Actor, cycleId: string, unitId: string, error: unknown, form: EvidenceFormState, t: Translate): Promise<void> {
    const refused = this.refusal(error, t, () => form.code);
    if (!refused) throw error;
    const problems = refused.fieldProblems.map((p) => ({ field: p.field, message: problemText(t, p) }));
    await this.renderForm(res, actor, cycleId, unitId, {
      status: refused.status,
      evidenceForm: { ...form, problems: problems.length ? problems : [{ field: '', message: refused.summary }] },
      problems: [{ message: refused.summary, href: `#ind-${form.code}` }],
    });
  }

  /** A refusal the page explains next to the form (validation, version, window, lock); null for anything else. */
  private refusal(
    error: unknown,
    t: Translate,
    codeOf: (field: string) => string | undefined,
  ): { status: number; summary: string; byCode: Record<string, string>; list: Array<{ message: string; href?: string }>; fieldProblems: FieldProblem[] } | null {
    if (!(error instanceof DomainException)) return null;
    const fieldProblems = Array.isArray(error.details) ? (error.details as FieldProblem[]) : [];
    const byCode: Record<string, string> = {};
    const list: Array<{ message: string; href?: string }> = [];
    for (const p of fieldProblems) {
      const code = codeOf(p.field);
      // A field of the form itself (its hidden version): named, with its rule, above the form.
      if (!code) {
        list.push({ message: t('field.problem', { field: p.field, message: problemText(t, p) }) });
        continue;
      }
      byCode[code] = problemText(t, p);
      list.push({ message: `${code}: ${byCode[code]}`, href: `#ind-${code}` });
    }
    switch (error.code) {
      case ErrorCode.ValidationFailed:
      case ErrorCode.UnprocessableEntity:
        return { status: 422, summary: t('form.errors', { count: Math.max(1, fieldProblems.length) }), byCode, list, fieldProblems };
      case ErrorCode.VersionConflict:
        return { status: 409, summary: t('form.versionConflict'), byCode, list, fieldProblems };
      case ErrorCode.WindowClosed:
      case ErrorCode.WrongPhase:
        return { status: 409, summary: t('form.locked', { reason: refusalSentence(error, t) }), byCode, list, fieldProblems };
      default:
        return null;
    }
  }

  private async renderForm(res: Response, actor: Actor, cycleId: string, unitId: string, options: FormPageOptions): Promise<void> {
    const t = res.locals.t as Translate;
    const lang = res.locals.lang as Lang;
    const state: SubmissionState = await this.submissions.state(actor, cycleId, unitId);
    const cycle = await this.cycles.get(cycleId);
    const framework = (await this.frameworks.get(cycle.frameworkId)).document;
    const unit = await this.units.get(unitId);
    const model = buildSelfAssessment(framework, state, { lang, t, typed: options.typed, errors: options.errors, evidenceForm: options.evidenceForm });
    const unitName = localName(unit, lang);
    const base = formUrl(cycleId, unitId);
    await renderPage(
      res,
      'app/self-assessment.njk',
      {
        title: `${t('form.title', { year: cycle.year })} · ${unitName}`,
        heading: t('form.title', { year: cycle.year }),
        unitName,
        cycle,
        cycleName: localName(cycle, lang),
        state,
        model,
        flash: options.flash ?? null,
        problems: options.problems ?? [],
        urls: {
          cycles: `${APP_PREFIX}/units/${unitId}/cycles`,
          answers: `${base}/answers`,
          submit: `${base}/submit`,
          evidence: `${base}/evidence`,
          files: `${base}/evidence/files?${CSRF_FIELD}=${encodeURIComponent(res.locals.csrfToken as string)}`,
        },
        script: {
          api: `/api/v1/cycles/${cycleId}/units/${unitId}/submission/answers`,
          version: state.submission.version,
          csrfToken: res.locals.csrfToken as string,
          lang,
          writable: model.writable,
          messages: {
            saving: t('form.saving'),
            saved: t('form.saved'),
            saveFailed: t('form.saveFailed', { message: '{message}' }),
            conflict: t('form.conflict'),
            reload: t('form.reload'),
            missingNone: t('form.missingNone'),
            missingValue: t('form.missingValue'),
            missingEvidence: t('form.missingEvidence'),
          },
          leaves: Object.fromEntries(
            frameworkLeaves(framework)
              .filter(({ node }) => answeredByUnit(node))
              .map(({ node }) => [node.code, { type: node.input?.type ?? 'text', names: node.input?.names ?? [], manual: node.scoring?.rule === 'manual', name: node.name[lang] ?? node.name.vi }]),
          ),
        },
      },
      options.status ?? 200,
    );
  }
}
