import { Body, Controller, Get, Headers, HttpStatus, Param, Post, Res, StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import type { Response } from 'express';
import { ApiBearerAuth, ApiHeader, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, type Refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { asyncPreference } from '../common/prefer';
import { ParseIdPipe } from '../common/validators';
import { AppConfig } from '../config/app-config';
import { Role } from '../auth/role';
import { CorrectPublicationDto, PublishDto } from './dto/publish.dto';
import { PUBLICATION_EXAMPLE, PUBLISH_EXAMPLE } from './publication.examples';
import { publicationJobUrl, type PublicationJobView } from './publication-job.view';
import { PublicationJobsService, type PublicationAsk } from './publication-jobs.service';
import type { PublicationView } from './publication.view';
import type { VerifyReport } from './publication-verify';
import { PublicationsService } from './publications.service';

/** Freezing a run: it must be the cycle's, succeeded, of the current inputs, its stored results intact. */
const RUN_REFUSALS: Refusal[] = [
  notFound('cycle, or score run of the cycle'),
  refusal(ErrorCode.WrongPhase, 'the run has not succeeded'),
  refusal(ErrorCode.Conflict, "the run is stale (the cycle's inputs changed after it: ask for a new run), or its stored results do not match its hash"),
];

/** How publishing answers (issue #23): said once for both requests. */
const AS_A_JOB =
  ' Done by a job on the publication queue: the request waits for it up to PUBLISH_WAIT_MS (25 s by default) and answers 201 with the publication, or the refusal the job met, as a request that publishes itself would; a job not done by then is answered 202 with its state and a Location to follow (GET /api/v1/publication-jobs/{id}). `Prefer: respond-async` (RFC 7240) answers 202 at once; `Prefer: wait=<seconds>` waits less. The same request again, while its job is queued or running, is the same job: one publication.';

/** The 202 of a request whose job is still under way. */
const ACCEPTED = ApiResponse({
  status: HttpStatus.ACCEPTED,
  description: 'the job is queued or running: its state (status, progress); Location says where to follow it',
  headers: { Location: { description: 'GET it for the state, and the publication once done', schema: { type: 'string', example: '/api/v1/publication-jobs/0f8fad5b-d9cb-469f-a165-70867728950e' } } },
});

const PREFER = ApiHeader({ name: 'Prefer', required: false, description: '`respond-async`: 202 at once with the job; `wait=<seconds>`: wait at most so long (RFC 7240)' });

@ApiTags('publications')
@ApiBearerAuth()
@Controller('api/v1')
export class PublicationsController {
  constructor(
    private readonly publications: PublicationsService,
    private readonly jobs: PublicationJobsService,
    private readonly config: AppConfig,
  ) {}

  @ApiDoc({
    summary: 'Publish a cycle',
    does:
      "Freezes a succeeded run's results as version 1 (a snapshot with its sha256) and moves the cycle to published; the results are public from then on. The run's uncertainty analysis (analysisId, else its latest succeeded one) is frozen in the snapshot with them. Audited." +
      AS_A_JOB,
    refusals: [invalid('cycleId, runId or analysisId (an analysis must be a succeeded one of the run)'), ...RUN_REFUSALS, refusal(ErrorCode.WrongPhase, 'the cycle is not in scoring (a published one is corrected)')],
    requestExample: PUBLISH_EXAMPLE,
    responseExample: PUBLICATION_EXAMPLE,
  })
  /** Freezes a run as version 1 and publishes the cycle: 201 with the publication, or 202 with its job still under way. */
  @Post('cycles/:cycleId/publications')
  @Roles(Role.Admin)
  @PREFER
  @ACCEPTED
  publish(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Body() dto: PublishDto,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicationView | PublicationJobView> {
    return this.answer(actor, cycleId, { kind: 'publish', runId: dto.runId, analysisId: dto.analysisId }, prefer, res);
  }

  @ApiDoc({
    summary: 'Publish a correction',
    does: 'Freezes another run as the next version, with the reason; the earlier versions stay readable. Audited.' + AS_A_JOB,
    refusals: [invalid('cycleId, runId, analysisId or reason'), ...RUN_REFUSALS, refusal(ErrorCode.WrongPhase, 'the cycle is not published')],
  })
  /** A correction: the next version, with its reason; the earlier ones stay readable. 201, or 202 as publish. */
  @Post('cycles/:cycleId/publications/corrections')
  @Roles(Role.Admin)
  @PREFER
  @ACCEPTED
  correct(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Body() dto: CorrectPublicationDto,
    @Headers('prefer') prefer: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<PublicationView | PublicationJobView> {
    return this.answer(actor, cycleId, { kind: 'correct', runId: dto.runId, reason: dto.reason, analysisId: dto.analysisId }, prefer, res);
  }

  @ApiDoc({
    summary: 'Follow a publication job',
    does: "A publish or correct request's job: its status (queued, running, succeeded, failed), progress (0–100), the refusal it met (error: code, message, details, as the request would have answered) and, once succeeded, the publication.",
    refusals: [invalid('id'), notFound('publication job')],
  })
  @Get('publication-jobs/:id')
  @Roles(Role.Admin)
  job(@Param('id', ParseIdPipe) id: string): Promise<PublicationJobView> {
    return this.jobs.view(id);
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
    refusals: [
      invalid('id'),
      notFound('publication'),
      refusal(ErrorCode.VerifyBusy, 'another publication is being verified in this process and one more waits (Retry-After); an ask for the one being verified shares its report'),
    ],
  })
  @Get('publications/:id/verify')
  @Roles(Role.Admin)
  verify(@Param('id', ParseIdPipe) id: string): Promise<VerifyReport> {
    return this.publications.verify(id);
  }

  /**
   * Queues the request and waits for its job (PUBLISH_WAIT_MS, less if Prefer says so, none with respond-async): 201
   * with the publication once made, the job's refusal thrown as the request's, else 202 with the job and Location.
   */
  private async answer(actor: Actor, cycleId: string, ask: PublicationAsk, prefer: string | undefined, res: Response): Promise<PublicationView | PublicationJobView> {
    const preference = asyncPreference(prefer);
    let waitMs = preference.respondAsync ? 0 : this.config.PUBLISH_WAIT_MS;
    if (preference.waitSeconds !== undefined) waitMs = Math.min(this.config.PUBLISH_WAIT_MS, preference.waitSeconds * 1000);
    const { publication, job } = await this.jobs.publishOrQueue(actor, cycleId, ask, waitMs);
    if (publication) return publication;
    res.status(HttpStatus.ACCEPTED);
    res.setHeader('Location', publicationJobUrl(job.id));
    if (preference.respondAsync) res.setHeader('Preference-Applied', 'respond-async');
    return job;
  }
}
