import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ParseIdPipe } from '../common/validators';
import { Role } from '../auth/role';
import { RankingQuery } from './dto/ranking.query';
import type { RankingRow, ScoreRunView } from './score-run.view';
import { ScoringService, type ResultsStatus } from './scoring.service';

@ApiTags('scoring')
@ApiBearerAuth()
@Controller('api/v1')
export class ScoringController {
  constructor(private readonly scoring: ScoringService) {}

  /** 202 with the run of the cycle's current inputs; asking again for the same inputs gives the same run. */
  @Post('cycles/:cycleId/score-runs')
  @Roles(Role.Admin)
  @HttpCode(202)
  request(@CurrentActor() actor: Actor, @Param('cycleId', ParseIdPipe) cycleId: string): Promise<{ run: ScoreRunView; created: boolean }> {
    return this.scoring.requestRun(actor, cycleId);
  }

  @Get('cycles/:cycleId/score-runs')
  @Roles(Role.Admin)
  list(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<ScoreRunView[]> {
    return this.scoring.listRuns(cycleId);
  }

  /** Whether the latest results still match the inputs, and since when they do not. */
  @Get('cycles/:cycleId/results-status')
  @Roles(Role.Admin)
  status(@Param('cycleId', ParseIdPipe) cycleId: string): Promise<ResultsStatus> {
    return this.scoring.resultsStatus(cycleId);
  }

  /** State and progress (0–100) of a run. */
  @Get('score-runs/:id')
  @Roles(Role.Admin)
  get(@Param('id', ParseIdPipe) id: string): Promise<ScoreRunView> {
    return this.scoring.getRun(id);
  }

  @Get('score-runs/:id/ranking')
  @Roles(Role.Admin, Role.Reviewer)
  ranking(@Param('id', ParseIdPipe) id: string, @Query() query: RankingQuery): Promise<RankingRow[]> {
    return this.scoring.ranking(id, query);
  }
}
