import { Body, Controller, Get, Param, Post, Res, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { CurrentActor } from '../auth/current-actor.decorator';
import { ROLES, Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { DomainException } from '../common/domain.exception';
import { ParseIdPipe } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { UploadGate } from '../storage/upload-gate';
import { AddEvidenceDto } from '../submissions/dto/add-evidence.dto';
import { EvidenceService } from '../submissions/evidence.service';
import type { UploadedEvidenceFile } from '../submissions/store-evidence-file';
import { SubmissionUploadChecks } from '../submissions/upload-checks';
import { formText, formVersion, type FormBody } from './form-values';
import { pageT, submitForm, UnitCycle, validDto, type UnitCycleIds } from './page-handler';
import { PageUploadedFile, PageUploadInterceptor, tooLargeText, type PageUpload } from './page-upload';
import type { EvidenceFormState } from './self-assessment.model';
import { evidenceRefusal, formUrl, SelfAssessmentPage } from './self-assessment.page';
import { APP_PREFIX } from './session';
import { AppPage } from './web-auth';

const EVIDENCE_FIELDS = ['documentNumber', 'documentTitle', 'issuedOn', 'summary', 'url', 'label'] as const;

/** The form's address after evidence was added to an indicator: at that indicator, with the flash. */
const addedUrl = (at: UnitCycleIds, code: string) => `${formUrl(at)}?done=evidence&code=${encodeURIComponent(code)}#ind-${encodeURIComponent(code)}`;

/**
 * The evidence of the officer's self-assessment (EvidenceService: own unit, window, lock, versions): a citation or a
 * link, a file, and a file downloaded. A refusal shows the self-assessment form again, under the indicator.
 */
@ApiExcludeController()
@AppPage(Role.Officer)
@Controller(APP_PREFIX)
export class OfficerEvidencePagesController {
  constructor(
    private readonly evidence: EvidenceService,
    private readonly page: SelfAssessmentPage,
    private readonly config: AppConfig,
  ) {}

  /** A citation of a document or a link, checked by the API's AddEvidenceDto, then EvidenceService. */
  @Post('cycles/:cycleId/units/:unitId/evidence')
  async addReference(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const kind = formText(body.kind) === 'link' ? 'link' : 'citation';
    const code = formText(body.indicatorCode);
    const values: Record<string, string> = Object.fromEntries(EVIDENCE_FIELDS.map((f) => [f, formText(body[f])]));
    const plain: Record<string, unknown> = { indicatorCode: code, kind };
    const fields = kind === 'link' ? ['url', 'label'] : ['documentNumber', 'documentTitle', 'issuedOn', 'summary'];
    for (const f of fields) if (values[f].trim() !== '') plain[f] = values[f].trim();
    await this.answer(res, actor, at, { code, kind, values, problems: [] }, async () => {
      const dto = await validDto(AddEvidenceDto, plain);
      await this.evidence.addReference(actor, at.cycleId, at.unitId, formVersion(body.version), dto);
    });
  }

  /**
   * A file (multipart, field `file`); the CSRF token comes in ?_csrf= so that it is checked before the upload is read.
   * A file over UPLOAD_MAX_BYTES comes back to the form at its indicator, the limit named at the field; nothing stored.
   */
  @Post('cycles/:cycleId/units/:unitId/evidence/files')
  @UseInterceptors(UploadGate(SubmissionUploadChecks, 'evidence'), PageUploadInterceptor(FileInterceptor('file')))
  async upload(
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
      return this.page.render(res, actor, at, {
        status: 413,
        evidenceForm: { code, kind: 'file', values: {}, problems: [{ field: '', message }], fileError: message },
        problems: [{ message, href: `#ef-${code}` }],
      });
    }
    await this.answer(res, actor, at, { code, kind: 'file', values: {}, problems: [] }, async () => {
      if (!file) throw DomainException.validation([{ field: 'file', rule: 'fileRequired', message: t('evidence.fileMissing') }]);
      await this.evidence.addFile(actor, at.cycleId, at.unitId, formVersion(body.version), code, file.originalname, file.stored);
    });
  }

  /** An evidence file, for the unit's officer and whoever the service lets read the submission (its reviewers, admins). */
  @Get('cycles/:cycleId/units/:unitId/evidence/:evidenceId/download')
  @Roles(...ROLES)
  async download(@CurrentActor() actor: Actor, @UnitCycle() at: UnitCycleIds, @Param('evidenceId', ParseIdPipe) evidenceId: string, @Res() res: Response): Promise<void> {
    const file = await this.evidence.download(actor, at.cycleId, at.unitId, evidenceId);
    res.setHeader('Content-Type', file.mimeType);
    res.setHeader('Content-Length', String(file.sizeBytes));
    res.setHeader('Content-Disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`);
    file.stream.pipe(res);
  }

  /** Evidence added: to the form at its indicator; refused: the form again, the refusal under the indicator. */
  private answer(res: Response, actor: Actor, at: UnitCycleIds, form: EvidenceFormState, add: () => Promise<void>): Promise<void> {
    return submitForm(res, {
      act: async () => {
        await add();
        return addedUrl(at, form.code);
      },
      refused: (error, t) => evidenceRefusal(error, t, form),
      again: (options) => this.page.render(res, actor, at, options),
    });
  }
}
