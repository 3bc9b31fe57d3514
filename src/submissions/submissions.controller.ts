import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, refusal, STALE_VERSION } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { versionFrom } from '../common/if-match';
import { ROLES, Role } from '../auth/role';
import { ReturnSubmissionDto, SaveAnswersDto, SaveAnswersQuery, SubmitDto } from './dto/save-answers.dto';
import { SUBMISSION_READ_REFUSALS, SUBMISSION_WRITE_REFUSALS } from './submission-api-refusals';
import { SAVE_ANSWERS_EXAMPLE, SAVE_RESULT_EXAMPLE, SUBMISSION_STATE_EXAMPLE, SUBMITTED_STATE_EXAMPLE } from './submission.examples';
import type { SaveResult, SubmissionState } from './submission.view';
import { SubmissionsService } from './submissions.service';

/** Sends the state with its version as the ETag, for the next write's If-Match. */
function withEtag<T extends Pick<SubmissionState, 'submission'>>(res: Response, state: T): T {
  res.setHeader('ETag', `"${state.submission.version}"`);
  return state;
}

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/units/:unitId/submission')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

  @ApiDoc({
    summary: "Read a unit's self-assessment",
    does:
      "The submission (status, version, also sent as the ETag), whether the unit may write now and why not, its answers, system values, evidence, self-score and what is missing before it can be submitted.",
    refusals: [invalid('cycleId or unitId'), ...SUBMISSION_READ_REFUSALS],
    responseExample: SUBMISSION_STATE_EXAMPLE,
  })
  @Get()
  @Roles(...ROLES)
  async get(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionState> {
    return withEtag(res, await this.submissions.state(actor, cycleId, unitId));
  }

  @ApiDoc({
    summary: 'Save answers',
    does:
      'Writes some answers (value, note, the own points of a hand-scored indicator) at the version read (If-Match or body); all or none. A field left out keeps what was stored; a null value clears it. Answers with the new state and ETag.',
    refusals: [
      invalid('an id or a body field'),
      ...SUBMISSION_WRITE_REFUSALS,
      STALE_VERSION,
      refusal(ErrorCode.UnprocessableEntity, "an answer is not of its indicator's input type, or names no indicator the unit answers (details: each field and rule)"),
    ],
    requestExample: { version: 1, ...SAVE_ANSWERS_EXAMPLE },
    responseExample: SAVE_RESULT_EXAMPLE,
  })
  @Patch('answers')
  @Roles(Role.Officer)
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version read (or `version` in the body)' })
  async save(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: SaveAnswersDto,
    @Query() query: SaveAnswersQuery,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SaveResult | SubmissionState> {
    const version = versionFrom(ifMatch, dto.version);
    if (query.include === 'state') return withEtag(res, await this.submissions.saveAnswers(actor, cycleId, unitId, version, dto.answers, { state: true }));
    return withEtag(res, await this.submissions.saveAnswers(actor, cycleId, unitId, version, dto.answers));
  }

  @ApiDoc({
    summary: "Submit a unit's self-assessment",
    does: 'Locks the self-assessment for review once every required answer and evidence is there, at the version read.',
    refusals: [
      invalid('an id or version'),
      ...SUBMISSION_WRITE_REFUSALS,
      STALE_VERSION,
      refusal(ErrorCode.Incomplete, 'required answers or evidence are missing (details: each indicator, rule required or evidenceRequired)'),
    ],
    requestExample: { version: 8 },
    responseExample: SUBMITTED_STATE_EXAMPLE,
  })
  @Post('submit')
  @Roles(Role.Officer)
  @HttpCode(200)
  async submit(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: SubmitDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionState> {
    return withEtag(res, await this.submissions.submit(actor, cycleId, unitId, versionFrom(ifMatch, dto.version)));
  }

  @ApiDoc({
    summary: 'Return a submitted self-assessment',
    does: 'Sends a submitted self-assessment back to its unit with a reason; its officer edits and submits again. Audited.',
    refusals: [
      invalid('an id, version or reason'),
      refusal(ErrorCode.Forbidden, 'a reviewer not assigned to the unit'),
      refusal(ErrorCode.NotFound, 'no such cycle, or the unit does not take part in it'),
      refusal(ErrorCode.WrongPhase, 'the self-assessment is not submitted'),
      STALE_VERSION,
    ],
  })
  @Post('return')
  @Roles(Role.Admin, Role.Reviewer)
  @HttpCode(200)
  async return(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: ReturnSubmissionDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionState> {
    const version = versionFrom(ifMatch, dto.version);
    return withEtag(res, await this.submissions.returnSubmission(actor, cycleId, unitId, version, dto.reason));
  }
}
