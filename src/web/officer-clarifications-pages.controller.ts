import { Body, Controller, Get, Post, Query, Res, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { DomainException } from '../common/domain.exception';
import { AppConfig } from '../config/app-config';
import { CyclesService } from '../cycles/cycles.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { leafIndex } from '../frameworks/framework-tree';
import { ClarificationsService } from '../reviews/clarifications.service';
import { PostMessageDto } from '../reviews/dto/clarification.dto';
import { canReviewNow } from '../reviews/review.can';
import { ReviewUploadChecks } from '../reviews/upload-checks';
import type { UploadedEvidenceFile } from '../submissions/store-evidence-file';
import { UploadGate } from '../storage/upload-gate';
import { AddEvidenceDto } from '../submissions/dto/add-evidence.dto';
import { SubmissionsService } from '../submissions/submissions.service';
import { UnitsService } from '../units/units.service';
import { formText, type FormBody } from './form-values';
import { localName } from './i18n';
import { cycleWithFramework, officerRefusal, unitCycleUrl, type PageRefusal } from './officer-results.model';
import { doneFlash, pageLang, pageT, submitForm, UnitCycle, validDto, type UnitCycleIds } from './page-handler';
import { PageUploadedFile, PageUploadInterceptor, tooLargeText, type PageUpload } from './page-upload';
import { evidenceItems, localized, type EvidenceItem } from './self-assessment.model';
import { APP_PREFIX, CSRF_FIELD } from './session';
import { AppPage, renderPage } from './web-auth';

/** What a clarification form held when the service refused it: shown again under its thread. */
interface ThreadFormState {
  code: string;
  form: 'answer' | 'file' | 'link';
  values: Record<string, string>;
  refused: PageRefusal;
  /** The file input's own error (a file over the size limit), shown at the field. */
  fileError?: string;
}

interface ThreadsOptions {
  status?: number;
  flash?: string | null;
  form?: ThreadFormState;
  problems?: Array<{ message: string; href?: string }>;
}

/** The address of a thread after a message in it, with the outcome's flash. */
const threadUrl = (at: UnitCycleIds, done: string, code: string) =>
  `${unitCycleUrl(at.cycleId, at.unitId)}/clarifications?done=${done}&code=${encodeURIComponent(code)}#th-${encodeURIComponent(code)}`;

/**
 * The officer's clarification threads of the unit after submission (ClarificationsService): answer, add a file or a
 * link while a reviewer asks.
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerClarificationsPagesController {
  constructor(
    private readonly clarifications: ClarificationsService,
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly units: UnitsService,
    private readonly submissions: SubmissionsService,
    private readonly config: AppConfig,
  ) {}

  @Get('cycles/:cycleId/units/:unitId/clarifications')
  async threads(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Query('done') done: unknown, @Query('code') code: unknown, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const shown = typeof code === 'string' ? code.slice(0, 64) : '';
    const flash = await doneFlash(done, { answered: () => t('ofc.clar.answered', { code: shown }), evidence: () => t('ofc.clar.evidenceAdded', { code: shown }) });
    await this.renderThreads(res, actor, at, { flash });
  }

  /** An answer in an open thread, checked by the API's PostMessageDto, then ClarificationsService. */
  @Post('cycles/:cycleId/units/:unitId/clarifications')
  async answer(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const values = { indicatorCode: formText(body.indicatorCode), body: formText(body.body) };
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(PostMessageDto, { indicatorCode: values.indicatorCode, body: values.body.trim() === '' ? undefined : values.body });
        await this.clarifications.post(actor, at.cycleId, at.unitId, dto.indicatorCode, dto.body);
        return threadUrl(at, 'answered', values.indicatorCode);
      },
      refused: officerRefusal,
      again: (refused) => this.threadRefused(res, actor, at, { code: values.indicatorCode, form: 'answer', values, refused }),
    });
  }

  /** A link as evidence of the indicator in question (AddEvidenceDto, as the API's clarifications/evidence). */
  @Post('cycles/:cycleId/units/:unitId/clarifications/evidence')
  async addLink(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const values = { indicatorCode: formText(body.indicatorCode), url: formText(body.url).trim(), label: formText(body.label).trim() };
    await submitForm(res, {
      act: async () => {
        const plain: Record<string, unknown> = { indicatorCode: values.indicatorCode, kind: 'link' };
        if (values.url) plain.url = values.url;
        if (values.label) plain.label = values.label;
        const dto = await validDto(AddEvidenceDto, plain);
        await this.clarifications.addEvidence(actor, at.cycleId, at.unitId, dto.indicatorCode, { reference: dto });
        return threadUrl(at, 'evidence', values.indicatorCode);
      },
      refused: officerRefusal,
      again: (refused) => this.threadRefused(res, actor, at, { code: values.indicatorCode, form: 'link', values, refused }),
    });
  }

  /**
   * A file as evidence (multipart, field `file`, the evidence storage engine and limits; ?_csrf= checked first). A
   * file over UPLOAD_MAX_BYTES comes back to its thread, the limit named at the field; nothing stored.
   */
  @Post('cycles/:cycleId/units/:unitId/clarifications/evidence/files')
  @UseInterceptors(UploadGate(ReviewUploadChecks, 'clarification'), PageUploadInterceptor(FileInterceptor('file')))
  async addFile(
    @CurrentActor() actor: Actor,
    @UnitCycle() at: UnitCycleIds,
    @Body() body: FormBody,
    @PageUploadedFile() { file, tooLarge }: PageUpload<UploadedEvidenceFile>,
    @Res() res: Response,
  ): Promise<void> {
    const t = pageT(res);
    const code = formText(body.indicatorCode);
    if (tooLarge) {
      const message = tooLargeText(res, 'evidence.tooLarge', this.config.UPLOAD_MAX_BYTES);
      const refused: PageRefusal = { status: 413, message, fields: [] };
      return this.renderThreads(res, actor, at, { status: 413, form: { code, form: 'file', values: {}, refused, fileError: message }, problems: [{ message, href: `#cf-${code}` }] });
    }
    await submitForm(res, {
      act: async () => {
        if (!file) throw DomainException.validation([{ field: 'file', rule: 'fileRequired', message: t('evidence.fileMissing') }]);
        await this.clarifications.addEvidence(actor, at.cycleId, at.unitId, code, { file: { originalName: file.originalname, stored: file.stored } });
        return threadUrl(at, 'evidence', code);
      },
      refused: officerRefusal,
      again: (refused) => this.threadRefused(res, actor, at, { code, form: 'file', values: {}, refused }),
    });
  }

  private threadRefused(res: Response, actor: Actor, at: UnitCycleIds, form: ThreadFormState): Promise<void> {
    return this.renderThreads(res, actor, at, { status: form.refused.status, form, problems: [{ message: form.refused.message, href: `#th-${form.code}` }] });
  }

  private async renderThreads(res: Response, actor: Actor, { cycleId, unitId }: UnitCycleIds, options: ThreadsOptions): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const threads = await this.clarifications.threads(actor, cycleId, unitId);
    const { cycle, framework } = await cycleWithFramework(this.cycles, this.frameworks, cycleId);
    const state = await this.submissions.state(actor, cycleId, unitId);
    const leaves = leafIndex(framework);
    const evidenceById = new Map<string, EvidenceItem>();
    for (const list of Object.values(state.evidence)) for (const e of evidenceItems(list, cycleId, unitId)) evidenceById.set(e.id, e);
    const unitName = localName(await this.units.get(unitId), lang);
    const base = unitCycleUrl(cycleId, unitId);
    await renderPage(
      res,
      'app/officer-clarifications.njk',
      {
        title: `${t('ofc.clar.title')} · ${unitName}`,
        unitName,
        cycleName: localName(cycle, lang),
        cycle,
        flash: options.flash ?? null,
        problems: options.problems ?? [],
        writable: canReviewNow(cycle.phase),
        threads: threads.map((th) => {
          const leaf = leaves.get(th.indicatorCode)?.node;
          const form = options.form?.code === th.indicatorCode ? options.form : null;
          return {
            code: th.indicatorCode,
            name: leaf ? localized(leaf.name, lang) : th.indicatorCode,
            open: th.open,
            takesEvidence: leaf ? (leaf.evidence ?? 'optional') !== 'none' : false,
            messages: th.messages.map((m) => ({
              id: m.id,
              role: m.authorRole,
              createdAt: m.createdAt,
              body: m.body,
              evidence: m.evidenceId ? (evidenceById.get(m.evidenceId) ?? null) : null,
            })),
            form,
          };
        }),
        urls: {
          cycles: `${APP_PREFIX}/units/${unitId}/cycles`,
          form: base,
          answer: `${base}/clarifications`,
          link: `${base}/clarifications/evidence`,
          file: `${base}/clarifications/evidence/files?${CSRF_FIELD}=${encodeURIComponent(res.locals.csrfToken as string)}`,
        },
      },
      options.status ?? 200,
    );
  }
}
