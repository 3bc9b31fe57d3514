import { Body, Controller, Get, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Response } from 'express';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, type Refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { Role } from '../auth/role';
import { CorrectPublicationDto, PublishDto } from './dto/publish.dto';
import { PUBLICATION_EXAMPLE, PUBLISH_EXAMPLE } from './publication.examples';
import type { PublicationView } from './publication.view';
import { PublicationsService, type VerifyReport } from './publications.service';

/** Freezing a run: it must be the cycle's, succeeded, of the current inputs, its stored results intact. */
const RUN_REFUSALS: Refusal[] = [
  notFound('cycle, or score run of the cycle'),
  refusal(ErrorCode.WrongPhase, 'the run has not succeeded'),
  refusal(ErrorCode.Conflict, "the run is stale (the cycle's inputs changed after it: ask for a new run), or its stored results do not match its hash"),
];

@ApiTags('publications')
@ApiBearerAuth()
@Controller('api/v1')
export class PublicationsController {
  constructor(private readonly publications: PublicationsService) {}

  @ApiDoc({
    summary: 'Publish a cycle',
    does: "Freezes a succeeded run's results as version 1 (a snapshot with its sha256) and moves the cycle to published; the results are public from then on. The run's uncertainty analysis (analysisId, else its latest succeeded one) is frozen in the snapshot with them. Audited.",
    refusals: [invalid('cycleId, runId or analysisId (an analysis must be a succeeded one of the run)'), ...RUN_REFUSALS, refusal(ErrorCode.WrongPhase, 'the cycle is not in scoring (a published one is corrected)')],
    requestExample: PUBLISH_EXAMPLE,
    responseExample: PUBLICATION_EXAMPLE,
  })
  /** Freezes a run as version 1 and publishes the cycle. */
  @Post('cycles/:cycleId/publications')
  @Roles(Role.Admin)
  publish(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string, @Body() dto: PublishDto): Promise<PublicationView> {
    return this.publications.publish(actor, cycleId, dto.runId, { analysisId: dto.analysisId });
  }

  @ApiDoc({
    summary: 'Publish a correction',
    does: 'Freezes another run as the next version, with the reason; the earlier versions stay readable. Audited.',
    refusals: [invalid('cycleId, runId, analysisId or reason'), ...RUN_REFUSALS, refusal(ErrorCode.WrongPhase, 'the cycle is not published')],
  })
  /** A correction: the next version, with its reason; the earlier ones stay readable. */
  @Post('cycles/:cycleId/publications/corrections')
  @Roles(Role.Admin)
  correct(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Body() dto: CorrectPublicationDto,
  ): Promise<PublicationView> {
    return this.publications.correct(actor, cycleId, dto.runId, dto.reason, { analysisId: dto.analysisId });
  }

  @ApiDoc({ summary: "List a cycle's publications", does: 'Every published version of the cycle, with its run, sha256 and reason.', refusals: [invalid('cycleId'), notFound('cycle')] })
  @Get('cycles/:cycleId/publications')
  @Roles(Role.Admin)
  list(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<PublicationView[]> {
    return this.publications.list(cycleId);
  }

  @ApiDoc({
    summary: "Download a publication's frozen snapshot",
    does: 'The frozen snapshot, exactly the text that was hashed (its sha256 also as the ETag): anyone holding it can check the hash and recompute the results with the engine.',
    refusals: [invalid('id'), notFound('publication')],
  })
  /**
   * The frozen snapshot, exactly the text that was hashed: anyone holding it can check the sha256 (also sent as the
   * ETag) and recompute the results with the engine.
   */
  @Get('publications/:id/snapshot')
  @Roles(Role.Admin)
  async snapshot(@Param('id', ParseIdPipe) id: string, @Res({ passthrough: true }) res: Response): Promise<StreamableFile> {
    // Streamed as stored (chunks read a few at a time): a snapshot may be larger than any string this process can hold.
    const { pieces, sha256, bytes } = await this.publications.snapshot(id);
    res.setHeader('etag', `"${sha256}"`);
    return new StreamableFile(Readable.from(pieces()), { type: 'application/json; charset=utf-8', length: bytes });
  }

  @ApiDoc({
    summary: 'Verify a publication',
    does: "Recomputes the snapshot's hash and results and compares them with what is stored and served: ok, or the problems found.",
    refusals: [invalid('id'), notFound('publication')],
  })
  @Get('publications/:id/verify')
  @Roles(Role.Admin)
  verify(@Param('id', ParseIdPipe) id: string): Promise<VerifyReport> {
    return this.publications.verify(id);
  }
}
