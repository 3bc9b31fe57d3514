import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ParseIdPipe } from '../common/validators';
import { versionFrom } from '../common/if-match';
import { ROLES, Role } from '../auth/role';
import { ReturnSubmissionDto, SaveAnswersDto, SubmitDto } from './dto/save-answers.dto';
import type { SubmissionState } from './submission.view';
import { SubmissionsService } from './submissions.service';

/** Sends the state with its version as the ETag, for the next write's If-Match. */
function withEtag(res: Response, state: SubmissionState): SubmissionState {
  res.setHeader('ETag', `"${state.submission.version}"`);
  return state;
}

@ApiTags('submissions')
@ApiBearerAuth()
@Controller('api/v1/cycles/:cycleId/units/:unitId/submission')
export class SubmissionsController {
  constructor(private readonly submissions: SubmissionsService) {}

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

  @Patch('answers')
  @Roles(Role.Officer)
  @ApiHeader({ name: 'If-Match', required: false, description: 'the version read (or `version` in the body)' })
  async save(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Param('unitId', ParseIdPipe) unitId: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Body() dto: SaveAnswersDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<SubmissionState> {
    const version = versionFrom(ifMatch, dto.version);
    return withEtag(res, await this.submissions.saveAnswers(actor, cycleId, unitId, version, dto.answers));
  }

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
