import { Body, Controller, Get, Param, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { ANALYSIS_REQUEST_EXAMPLE, ANALYSIS_REQUESTED_EXAMPLE } from './analysis.examples';
import { AnalysisService } from './analysis.service';
import type { AnalysisView } from './analysis.view';
import { RequestAnalysisDto } from './dto/request-analysis.dto';

@ApiTags('analysis')
@ApiBearerAuth()
@Controller('api/v1')
export class AnalysesController {
  constructor(private readonly analyses: AnalysisService) {}

  @ApiDoc({
    summary: 'Analyse how sure a ranking is',
    does:
      "Asks for an uncertainty (and, with sensitivitySamples, sensitivity) analysis of a succeeded score run (by default the cycle's latest) under the declared sources: Monte Carlo on the queue, seeded. 202 with the new analysis to follow at GET /api/v1/analyses/{id}; 200 with the existing one when the same run and spec were asked for before (a failed one is computed anew).",
    refusals: [
      invalid('cycleId or a body field (sources: at least one; samples 1–10,000; a normalisation the engine knows)'),
      notFound('cycle, or score run of this cycle (details name runId)'),
      refusal(ErrorCode.WrongPhase, 'the run has not succeeded, or the cycle has none (details name runId)'),
    ],
    requestExample: ANALYSIS_REQUEST_EXAMPLE,
    responseExample: ANALYSIS_REQUESTED_EXAMPLE,
  })
  @Post('cycles/:cycleId/analyses')
  @Roles(Role.Admin)
  async request(
    @CurrentActor() actor: Actor,
    @Param('cycleId', ParseIdPipe) cycleId: string,
    @Body() dto: RequestAnalysisDto,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AnalysisView> {
    const { analysis, created } = await this.analyses.request(actor, cycleId, dto);
    res.status(created ? 202 : 200);
    return analysis;
  }

  @ApiDoc({ summary: "List a cycle's analyses", does: "The cycle's analyses, newest first (at most 200), with their spec and state; without their results.", refusals: [invalid('cycleId'), notFound('cycle')] })
  @Get('cycles/:cycleId/analyses')
  @Roles(Role.Admin)
  list(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<AnalysisView[]> {
    return this.analyses.list(cycleId);
  }

  @ApiDoc({
    summary: 'Follow an analysis',
    does: 'The state (queued, running, succeeded, failed) and progress (0–100) of an analysis, and once succeeded its result: per unit the official rank, the median, 5–95 % interval and mean of its rank, P(top k) and P(keeping its rank); the sensitivity indices when asked for.',
    refusals: [invalid('id'), notFound('analysis')],
  })
  @Get('analyses/:id')
  @Roles(Role.Admin)
  get(@Param('id', ParseIdPipe) id: string): Promise<AnalysisView> {
    return this.analyses.get(id);
  }
}
