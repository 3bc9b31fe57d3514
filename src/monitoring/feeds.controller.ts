import { Body, Controller, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal } from '../auth/api-doc';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Role } from '../auth/role';
import { Roles } from '../auth/roles.decorator';
import { ErrorCode } from '../common/error-code';
import { FEED_MAX_ROWS, FeedPushDto } from './dto/feed-push.dto';
import type { FeedBatch } from './feed-batch.entity';
import { FeedsService, type FeedPushResult } from './feeds.service';

@ApiTags('monitoring')
@ApiSecurity('ApiKey')
@Controller('api/v1/feeds')
export class FeedsController {
  constructor(private readonly feeds: FeedsService) {}

  @ApiDoc({
    summary: "Push a month's values of a series (a national system's feed)",
    does:
      `A service account (\`Authorization: ApiKey <key>\`, the series in the key's scopes) writes the values of the month's cycle of the series (a framework code) and level: ` +
      `each row a unit's code, a leaf measured by a national system, and its value (a \`numbers\` leaf its counts as \`inputs\`), at most ${FEED_MAX_ROWS} rows a push. ` +
      'Idempotent by (series, month, unit, indicator): a value stored already as sent is counted unchanged. All or none: one bad row and nothing is written. ' +
      'A push into a published month is taken as an erratum (`erratum: true`): an administrator then runs the scoring again and publishes a correction. One batch and one audit entry per push.',
    refusals: [
      invalid('series, level or period (YYYY-MM), or values not an array'),
      refusal(ErrorCode.Forbidden, 'the series is not in the key\'s scopes'),
      notFound('cycle of the series, level and month'),
      refusal(ErrorCode.WrongPhase, 'the month is not open yet (draft), or closed (review, scoring: being scored)'),
      refusal(ErrorCode.PayloadTooLarge, `more than ${FEED_MAX_ROWS} rows`),
      refusal(ErrorCode.UnprocessableEntity, 'a row is refused (details.rows: index, unit, indicator, field, rule, message each); nothing was written'),
    ],
    requestExample: { values: [{ unit: '01', indicator: 'DVC4', inputs: { online: 812, total: 1450 } }] },
  })
  @Put(':series/:level/:period')
  @Roles(Role.Service)
  @HttpCode(200)
  push(
    @CurrentActor() actor: Actor,
    @Param('series') series: string,
    @Param('level') level: string,
    @Param('period') period: string,
    @Body() dto: FeedPushDto,
  ): Promise<FeedPushResult> {
    return this.feeds.push(actor, series, level, period, dto.values);
  }

  @ApiDoc({ summary: "A month's feed batches", does: 'Each push into the month of the series and level, newest first: who, when, rows, written, unchanged, erratum.', refusals: [] })
  @Get(':series/:level/:period/batches')
  @Roles(Role.Admin)
  batches(@Param('series') series: string, @Param('level') level: string, @Param('period') period: string): Promise<FeedBatch[]> {
    return this.feeds.batches(series, level, period);
  }
}
