import {
  Body,
  type CallHandler,
  Controller,
  type ExecutionContext,
  Get,
  Injectable,
  type NestInterceptor,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException, type FieldProblem } from '../common/domain.exception';
import { ERROR_STATUS } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { AppConfig } from '../config/app-config';
import type { ListFrameworksQuery } from '../frameworks/dto/list-frameworks.query';
import { isLimitRule } from '../frameworks/framework-limits';
import type { FrameworkSummary } from '../frameworks/framework.view';
import { FrameworksService } from '../frameworks/frameworks.service';
import { Role } from '../auth/role';
import { aggregationText, countNodes, diffRows, frameworkTree, lockedText, sourceText } from './framework-tree.model';
import { formText, type FormBody } from './form-values';
import { localName } from './i18n';
import { pageLang, pageT } from './page-handler';
import { refusalSentence } from './refusal';
import { APP_PREFIX } from './session';
import { formatNumber } from './view-setup';
import { AppPage, renderPage } from './web-auth';

const FRAMEWORKS_URL = `${APP_PREFIX}/admin/frameworks`;
const frameworkUrl = (id: string) => `${FRAMEWORKS_URL}/${id}`;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An uploaded framework file, held in memory (it is read as text, never stored as a file). */
interface UploadedFrameworkFile {
  originalname: string;
  mimetype: string;
  buffer: Buffer;
  size: number;
}

/**
 * The framework file of the import form: one file in memory, no larger than the API's own body limit for a framework
 * (BODY_LIMIT_BYTES; beyond it a 413, as the API answers); the service then applies the file checks of the API's
 * import (FRAMEWORK_LIMITS, the validator) in the framework parser's worker thread.
 */
@Injectable()
export class FrameworkFileInterceptor implements NestInterceptor {
  private readonly inner: NestInterceptor;

  constructor(config: AppConfig) {
    // No storage given: multer keeps the file in memory. No module options: the evidence storage engine is not used.
    const Inner = FileInterceptor('file', { limits: { files: 1, fields: 5, fieldSize: 1000, parts: 6, fileSize: config.BODY_LIMIT_BYTES } });
    this.inner = new Inner({ defParamCharset: 'utf8' });
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> | Promise<Observable<unknown>> {
    return this.inner.intercept(context, next);
  }
}

/** One mistake of a refused framework file: where (path, line) and which rule; `local` when its message is in the page's language. */
interface FileProblem {
  path: string;
  rule: string;
  line: number | null;
  message: string;
  local: boolean;
}

/** The administrator's frameworks: import a file and see its validation errors, the tree of a version, the diff of two versions. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminFrameworksPagesController {
  constructor(
    private readonly frameworks: FrameworksService,
    private readonly config: AppConfig,
  ) {}

  @Get('frameworks')
  async list(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const done = formText(query.done);
    await this.renderList(res, { flash: done === 'imported' ? t('catalog.fw.importedOk') : null });
  }

  /**
   * Imports (or only checks, mode=validate) a framework file through FrameworksService, as POST /api/v1/frameworks
   * does: every mistake listed with its path, line and rule, and nothing stored. The CSRF token comes in ?_csrf= so
   * that it is checked before the upload is read.
   */
  @Post('frameworks')
  @UseInterceptors(FrameworkFileInterceptor)
  async import(@CurrentActor() actor: Actor, @Body() body: FormBody, @UploadedFile() file: UploadedFrameworkFile | undefined, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const validateOnly = formText(body.mode) === 'validate';
    try {
      if (!file || file.size === 0) throw DomainException.validation([{ field: 'file', rule: 'fileRequired', message: t('catalog.fw.fileMissing') }]);
      // The media type too: a JSON file is parsed as JSON even where its name does not say so.
      const source = { text: file.buffer.toString('utf8'), fileName: file.originalname, mediaType: file.mimetype };
      if (validateOnly) {
        const framework = await this.frameworks.validate(source);
        return await this.renderList(res, {
          flash: t('catalog.fw.validOk', { file: file.originalname, code: framework.code, version: framework.version, count: countNodes(framework.nodes) }),
        });
      }
      const imported = await this.frameworks.import(actor, source);
      return res.redirect(303, `${frameworkUrl(imported.id)}?done=imported`);
    } catch (error) {
      if (!(error instanceof DomainException) || ERROR_STATUS[error.code] >= 500) throw error;
      const details = Array.isArray(error.details) ? (error.details as Array<FieldProblem & { line?: number; limit?: number }>) : [];
      const fileName = file?.originalname ?? '';
      // A broken limit (framework-limits.ts) is said in the page's language, with the limit's value grouped as the
      // language writes it (1.048.576 byte, 1,048,576 bytes).
      const lang = pageLang(res);
      const limitSentence = (p: FieldProblem & { limit?: number }) =>
        isLimitRule(p.rule) && p.limit !== undefined ? t(`catalog.fw.limit.${p.rule}`, { file: fileName, limit: formatNumber(p.limit, 0, lang) }) : null;
      const fileProblems: FileProblem[] = details.map((p) => {
        const local = limitSentence(p);
        return { path: p.field === '(file)' ? '' : p.field, rule: p.rule, line: p.line ?? null, message: local ?? p.message, local: local !== null };
      });
      const limit = details.map(limitSentence).find((sentence) => sentence !== null);
      const summary = limit ?? (fileProblems.length ? t('catalog.fw.refused', { count: fileProblems.length, file: fileName }) : refusalSentence(error, t));
      await this.renderList(res, {
        status: ERROR_STATUS[error.code],
        fileName: file?.originalname ?? null,
        fileProblems,
        problems: [{ message: summary, href: fileProblems.length ? '#file-problems' : '#fw-file' }],
      });
    }
  }

  /** The diff of two versions (FrameworksService.diff), chosen with the form of the list page. */
  @Get('frameworks/diff')
  async diff(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const from = formText(query.from).trim();
    const to = formText(query.to).trim();
    const problems = [
      ...(UUID.test(from) ? [] : [{ message: `${t('catalog.fw.from')}: ${t('catalog.fw.chooseVersion')}`, href: '#d-from' }]),
      ...(UUID.test(to) ? [] : [{ message: `${t('catalog.fw.to')}: ${t('catalog.fw.chooseVersion')}`, href: '#d-to' }]),
    ];
    const versions = await this.versions();
    if (problems.length) {
      return renderPage(res, 'app/admin-framework-diff.njk', { title: t('catalog.fw.diffTitle'), versions, from, to, problems, diff: null }, 400);
    }
    const [a, b] = await Promise.all([this.frameworks.get(from), this.frameworks.get(to)]);
    const diff = await this.frameworks.diff(from, to);
    const rows = diffRows(diff, lang);
    const label = (f: FrameworkSummary) => `${f.code} ${f.version} · ${f.nameVi}`;
    const nameOf = (code: string, doc: typeof a.document) => {
      const find = (nodes: typeof doc.nodes): string | null => {
        for (const n of nodes) {
          if (n.code === code) return localName({ nameVi: n.name.vi, nameEn: n.name.en }, lang);
          const inner = find(n.children ?? []);
          if (inner) return inner;
        }
        return null;
      };
      return find(doc.nodes) ?? '';
    };
    await renderPage(res, 'app/admin-framework-diff.njk', {
      title: t('catalog.fw.diffTitle'),
      versions,
      from,
      to,
      problems: [],
      fromLabel: label(a),
      toLabel: label(b),
      fromHref: frameworkUrl(a.id),
      toHref: frameworkUrl(b.id),
      diff: {
        framework: rows.framework,
        nodes: rows.nodes,
        added: diff.added.map((code) => ({ code, name: nameOf(code, b.document) })),
        removed: diff.removed.map((code) => ({ code, name: nameOf(code, a.document) })),
        changedCount: diff.changed.length,
        same: !rows.framework.length && !rows.nodes.length && !diff.added.length && !diff.removed.length,
      },
    });
  }

  /** The tree of a version: groups, main indicators and indicators with points, weights, inputs and sources. */
  @Get('frameworks/:id')
  async tree(@Param('id', ParseIdPipe) id: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const version = await this.frameworks.get(id);
    const tree = frameworkTree(version.document, lang);
    await renderPage(res, 'app/admin-framework.njk', {
      title: `${version.code} ${version.version}`,
      version,
      name: localName({ nameVi: version.document.name.vi, nameEn: version.document.name.en }, lang),
      document: version.document,
      aggregation: aggregationText(version.document.aggregation, t),
      lockedReason: lockedText(version.lockedReason, t),
      source: sourceText(version.document, lang),
      tree,
      flash: formText(query.done) === 'imported' ? t('catalog.fw.importedOk') : null,
    });
  }

  private async versions(): Promise<FrameworkSummary[]> {
    return (await this.frameworks.list({ page: 1, pageSize: 500 } as ListFrameworksQuery)).items;
  }

  private async renderList(
    res: Response,
    options: { status?: number; flash?: string | null; fileName?: string | null; fileProblems?: FileProblem[]; problems?: Array<{ message: string; href: string }> },
  ): Promise<void> {
    const t = pageT(res);
    const versions = await this.versions();
    await renderPage(
      res,
      'app/admin-frameworks.njk',
      {
        title: t('catalog.fw.title'),
        versions: versions.map((v) => ({ ...v, href: frameworkUrl(v.id) })),
        flash: options.flash ?? null,
        fileName: options.fileName ?? null,
        fileProblems: options.fileProblems ?? [],
        problems: options.problems ?? [],
        csrfQuery: encodeURIComponent(res.locals.csrfToken as string),
        maxSize: `${Math.round((this.config.BODY_LIMIT_BYTES / 1_048_576) * 10) / 10} MB`,
        from: versions.length > 1 ? versions[versions.length - 2].id : '',
        to: versions.length ? versions[versions.length - 1].id : '',
      },
      options.status ?? 200,
    );
  }
}
