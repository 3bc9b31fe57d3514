import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import { Role } from '../auth/role';
import { RankingQuery } from './dto/ranking.query';
import { SCORE_RUN_REQUESTED_EXAMPLE } from './score-run.examples';
import type { RankingRow, ScoreRunView } from './score-run.view';
import { ScoringService, type ResultsStatus } from './scoring.service';

@ApiTags('scoring')
@ApiBearerAuth()
@Controller('api/v1')
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  @ApiDoc({
    summary: 'Start a score run',
    does:
      "Scores the cycle's current inputs (final values, else self values; system values) on the queue: 202 with the run to follow at GET /api/v1/score-runs/{id}. Asking again for the same inputs gives the same run (created: false).",
    refusals: [invalid('cycleId'), notFound('cycle'), refusal(ErrorCode.WrongPhase, 'the cycle is not in scoring (or published, to correct it)')],
    responseExample: SCORE_RUN_REQUESTED_EXAMPLE,
  })
  /** 202 with the run of the cycle's current inputs; asking again for the same inputs gives the same run. */
  @Post('cycles/:cycleId/score-runs')
  @Roles(Role.Admin)
  @HttpCode(202)
  request(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string): Promise<{ run: ScoreRunView; created: boolean }> {
    return this.scoring.requestRun(actor, cycleId);
  }

  @ApiDoc({ summary: "List a cycle's score runs", does: 'Every run of the cycle, newest first, with its state and hashes.', refusals: [invalid('cycleId'), notFound('cycle')] })
  @Get('cycles/:cycleId/score-runs')
  @Roles(Role.Admin)
  list(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<ScoreRunView[]> {
    return this.scoring.listRuns(cycleId);
  }

  @ApiDoc({
    summary: "Check whether a cycle's results are current",
    does: 'The latest run, whether its inputs still match the current ones (stale), and since when they do not.',
    refusals: [invalid('cycleId'), notFound('cycle')],
  })
  /** Whether the latest results still match the inputs, and since when they do not. */
  @Get('cycles/:cycleId/results-status')
  @Roles(Role.Admin)
  status(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<ResultsStatus> {
    return this.scoring.resultsStatus(cycleId);
  }

  @ApiDoc({
    summary: 'Follow a score run',
    does: 'The state (queued, running, succeeded, failed) and progress (0–100) of a run, and of a queued or running one its job (worker, attempts, a lost worker).',
    refusals: [invalid('id'), notFound('score run')],
  })
  /** State and progress (0–100) of a run. */
  @Get('score-runs/:id')
  @Roles(Role.Admin)
  get(@Param('id', ParseIdPipe) id: string): Promise<ScoreRunView> {
    return this.scoring.getRun(id);
  }

  @ApiDoc({
    summary: "Read a score run's ranking",
    does: "The run's ranking by the index, or by a pillar or main indicator (?node=), optionally of one group ranked within it (?group=). Ties share a rank; unranked units come last.",
    refusals: [invalid('id or a query parameter'), notFound('score run'), refusal(ErrorCode.WrongPhase, 'the run has not succeeded')],
  })
  @Get('score-runs/:id/ranking')
  @Roles(Role.Admin, Role.Reviewer)
  ranking(@Param('id', ParseIdPipe) id: string, @Query() query: RankingQuery): Promise<RankingRow[]> {
    return this.scoring.ranking(id, query);
  }
}
