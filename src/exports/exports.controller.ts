import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Public } from '../auth/public.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { ParseIdPipe } from '../common/validators';
import { PublicEditionParams } from '../publications/dto/public-query';
import { ROLES } from '../auth/role';
import { CreateExportDto } from './dto/create-export.dto';
import type { ExportJobView } from './export-job.view';
import { ExportsService, type ExportFile } from './exports.service';
import { XLSX_CONTENT_TYPE } from '../workbooks/workbook-styles';

function sendFile(res: Response, file: ExportFile): StreamableFile {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  return new StreamableFile(file.stream, {
    type: XLSX_CONTENT_TYPE,
    length: file.sizeBytes,
    // File names are ASCII (dti-2022-province-v1.xlsx): no encoding needed, but quoted.
    disposition: `attachment; filename="${file.fileName}"`,
  });
}

@ApiTags('exports')
@ApiBearerAuth()
@Controller('api/v1/exports')
export class ExportsController {
  constructor(private readonly exports: ExportsService) {}

  @ApiDoc({
    summary: 'Ask for an export workbook',
    does:
      "Asks for a workbook, made by a job: 202 with its state, to follow at GET /api/v1/exports/{id}. The same export asked again (by anyone) is the same job; a failed one is made anew. ranking: anyone signed in; score_card: admins and the unit's officers; cycle_data: admins.",
    refusals: [
      invalid('kind or its parameters'),
      refusal(ErrorCode.Forbidden, "cycle_data asked by a non-admin, or another unit's score_card by an officer (or any by a reviewer)"),
      notFound('publication, unit in the publication, or cycle'),
    ],
  })
  /**
   * Asks for a workbook: 202 with the export's state. The same export asked again (by anyone) is the same job;
   * a failed one is made anew. ranking: anyone signed in; score_card: admins and the unit's officers; cycle_data:
   * admins.
   */
  @Post()
  @Roles(...ROLES)
  @HttpCode(HttpStatus.ACCEPTED)
  async create(@CurrentActor() actor: Actor, @Body() dto: CreateExportDto): Promise<ExportJobView> {
    return (await this.exports.request(actor, dto)).job;
  }

  @ApiDoc({
    summary: 'Follow an export',
    does: 'The state (queued, running, succeeded, failed) and progress (0–100) of an export.',
    refusals: [invalid('id'), notFound('export, or one the caller may not see (a cycle_data export to a non-admin)')],
  })
  /** The state (queued, running, succeeded, failed) and progress (0-100) of an export. */
  @Get(':id')
  @Roles(...ROLES)
  get(@CurrentActor() actor: Actor, @Param('id', ParseIdPipe) id: string): Promise<ExportJobView> {
    return this.exports.get(actor, id);
  }

  @ApiDoc({
    summary: 'Download an export workbook',
    does: 'The XLSX workbook once made.',
    refusals: [invalid('id'), notFound('export, or one the caller may not see'), refusal(ErrorCode.Conflict, 'the export is not made yet, or failed (details status, progress)')],
  })
  /** The workbook once made (409 before). */
  @Get(':id/download')
  @Roles(...ROLES)
  async download(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return sendFile(res, await this.exports.download(actor, id));
  }
}

/** The ranking workbook of a published year and level, for anyone. */
@ApiTags('public')
@Public()
@Controller('api/v1/public')
export class PublicWorkbookController {
  constructor(private readonly exports: ExportsService) {}

  @ApiDoc({
    summary: 'Download a published ranking workbook',
    does:
      "The latest version's ranking workbook of a published year and level: 200 with the file. It is made when the publication is made; a call while it is still being made waits for it (up to 20 s) and gets the file. 202 with the export's state only if it is still not made after that (Retry-After says when to come back; a call also asks for it again if it is missing); 409 with the export's state if making it failed (an admin asks again with POST /api/v1/exports).",
    refusals: [
      invalid('year or level'),
      notFound('publication of the year and level'),
      refusal(ErrorCode.Conflict, 'the national level publishes one unit: its score card (details.scoreCard), never a ranking workbook of one', RefusalReason.LevelNotRanked),
    ],
  })
  /**
   * The latest version's ranking workbook, made at publication: 200 with the file, waited for while it is being made
   * (ExportsService.publicRankingWorkbook); 202 with the export's state if still not made after the wait; 404 if the
   * year and level are not published; 409 if making it failed (an admin asks again with POST /api/v1/exports).
   */
  @Get('rankings/:year/:level/workbook')
  async workbook(@Param() p: PublicEditionParams, @Res({ passthrough: true }) res: Response): Promise<StreamableFile | ExportJobView> {
    const { file, job } = await this.exports.publicRankingWorkbook(p.year, p.level);
    if (file) return sendFile(res, file);
    if (job.status === 'failed') {
      res.status(HttpStatus.CONFLICT);
      return job;
    }
    res.status(HttpStatus.ACCEPTED);
    res.setHeader('Retry-After', '5');
    return job;
  }
}
