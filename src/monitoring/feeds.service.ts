import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { RefusalReason } from '../common/refusal-reason';
import { parseMonth } from '../cycles/cycle-period';
import { CyclePhase } from '../cycles/cycle-phase';
import { CyclesService } from '../cycles/cycles.service';
import { FrameworksService } from '../frameworks/frameworks.service';
import { checkFeedValues, writeFeedValues } from '../submissions/system-values/feed-values';
import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';
import { FEED_MAX_ROWS } from './dto/feed-push.dto';
import { FeedBatch } from './feed-batch.entity';

/** What a push did: its batch, and the counts (written + unchanged = rows). */
export interface FeedPushResult {
  batchId: string;
  series: string;
  level: string;
  period: string;
  cycleId: string;
  receivedAt: Date;
  rows: number;
  written: number;
  unchanged: number;
  /** Pushed into a published month: the values are stored; a new score run and a corrected publication follow. */
  erratum: boolean;
}

/**
 * The feeds of national systems (issue #21): a service account pushes a month's values of a series for a level.
 *
 * - Who: the service role (the guard), with the series in its key's scopes (else 403).
 * - Where: the month's cycle of the series and level (404 if none); open takes values, draft is not open yet (409),
 *   review or scoring is closed (409: the period is being scored), published takes them as an erratum.
 * - What: every row checked as the file import checks a row (submissions/system-values/feed-values.ts); all or none:
 *   one bad row and nothing is written, the 422 names each (index, unit, indicator, field, rule).
 * - Idempotent by (series, period, unit, indicator): a value already stored as sent is left alone and counted
 *   unchanged; the same push twice writes nothing the second time.
 * - One batch row and one audit entry per push, with the counts.
 */
@Injectable()
export class FeedsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly cycles: CyclesService,
    private readonly frameworks: FrameworksService,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async push(actor: Actor, series: string, level: string, period: string, values: unknown[]): Promise<FeedPushResult> {
    const month = parseMonth(period);
    if (!month) throw DomainException.validation([{ field: 'period', rule: 'isMonth', message: `${JSON.stringify(period)} is not a month (YYYY-MM)` }]);
    if (!UNIT_LEVELS.includes(level as UnitLevel)) {
      throw DomainException.validation([{ field: 'level', rule: 'isIn', message: `${JSON.stringify(level)} is not a level (${UNIT_LEVELS.join(', ')})` }]);
    }
    if (!actor.apiKey?.scopes.includes(series)) {
      throw DomainException.forbidden(`the API key ${actor.apiKey?.prefix ?? '(none)'} may not write the series ${series} (its scopes: ${actor.apiKey?.scopes.join(', ') || 'none'})`);
    }
    if (values.length > FEED_MAX_ROWS) {
      throw new DomainException(ErrorCode.PayloadTooLarge, `values: ${values.length} rows, more than ${FEED_MAX_ROWS} in one push; send the month in several pushes`, {
        rows: values.length,
        max: FEED_MAX_ROWS,
      });
    }
    const listed = await this.cycles.list({ series, level: level as UnitLevel, year: month.year, page: 1, pageSize: 50 } as never);
    const found = listed.items.find((c) => c.periodIndex === month.month && c.period === 'month' && c.scopeUnitId === null);
    if (!found) throw DomainException.notFound('cycle', `of the series ${series}, level ${level}, month ${period}`);

    return this.db.transaction(async (manager) => {
      // FOR KEY SHARE: pushes do not wait for each other, a phase move waits for them (and they for it).
      const cycle = await this.cycles.find(manager, found.id, { lock: 'keyShare' });
      const allowed = [CyclePhase.Open, CyclePhase.Published];
      if (!allowed.includes(cycle.phase)) {
        const closed = cycle.phase !== CyclePhase.Draft;
        throw new DomainException(
          ErrorCode.WrongPhase,
          closed
            ? `period closed: ${series} ${level} ${period} is in phase ${cycle.phase} (being scored); its values are taken again when it is open, or after publication as an erratum`
            : `${series} ${level} ${period} is not open yet (phase draft)`,
          { reason: RefusalReason.CyclePhase, phase: cycle.phase, allowed, periodClosed: closed },
        );
      }
      const erratum = cycle.phase === CyclePhase.Published;
      const framework = (await this.frameworks.find(manager, cycle.frameworkId)).document;
      const checked = await checkFeedValues(manager, cycle.id, framework, values);
      if (checked.problems.length > 0) {
        const refused = new Set(checked.problems.map((p) => p.index)).size;
        throw new DomainException(
          ErrorCode.UnprocessableEntity,
          `${refused} of ${values.length} rows are refused; nothing was written: ${checked.problems
            .slice(0, 5)
            .map((p) => `values[${p.index}] ${p.field}: ${p.message}`)
            .join('; ')}${checked.problems.length > 5 ? '; ...' : ''}`,
          { rows: checked.problems, refused, received: values.length },
        );
      }
      const batchId = randomUUID();
      const receivedAt = this.clock.now();
      const written = await writeFeedValues(manager, cycle.id, checked.values, batchId, receivedAt);
      const unchanged = checked.values.length - written;
      const perIndicator: Record<string, { written: number; unchanged: number }> = {};
      for (const v of checked.values) {
        const entry = (perIndicator[v.indicatorCode] ??= { written: 0, unchanged: 0 });
        if (v.unchanged) entry.unchanged++;
        else entry.written++;
      }
      const result: FeedPushResult = { batchId, series, level, period, cycleId: cycle.id, receivedAt, rows: values.length, written, unchanged, erratum };
      await manager.insert(FeedBatch, {
        id: batchId,
        series,
        level,
        period,
        cycleId: cycle.id,
        accountId: actor.userId!,
        apiKeyId: actor.apiKey?.id ?? null,
        receivedAt,
        rows: values.length,
        written,
        unchanged,
        erratum,
        report: { phase: cycle.phase, apiKeyPrefix: actor.apiKey?.prefix ?? null, indicators: perIndicator } as never,
      });
      await this.audit.record(manager, actor, {
        action: 'feed.push',
        entityType: 'feed_batch',
        entityId: batchId,
        after: { series, level, period, cycleId: cycle.id, rows: values.length, written, unchanged, erratum, apiKeyPrefix: actor.apiKey?.prefix ?? null },
      });
      return result;
    });
  }

  /** A month's batches, newest first (what each push did). */
  async batches(series: string, level: string, period: string): Promise<FeedBatch[]> {
    return this.db.getRepository(FeedBatch).find({ where: { series, level, period }, order: { receivedAt: 'DESC' }, take: 500 });
  }
}
