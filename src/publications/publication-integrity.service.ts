import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { systemActor } from '../auth/actor';
import { InjectClock, type Clock } from '../common/clock';
import { PublicationCheck } from './publication-check.entity';
import { Publication } from './publication.entity';
import { PublicationsService } from './publications.service';

/** Differences kept per publication (the audit entry and the admin page show these; the CLI lists them all). */
export const MAX_KEPT_PROBLEMS = 20;

/** A publication whose last check found a difference, for /health and the administrator's pages. */
export interface MismatchedPublication {
  publicationId: string;
  cycleId: string;
  year: number;
  level: string;
  version: number;
  checkedAt: Date;
  problemCount: number;
  problems: string[];
}

export interface IntegritySummary {
  checked: number;
  mismatched: string[];
}

/**
 * The scheduled check of every publication (the task verify-publications): PublicationsService.checkFrozen, the
 * snapshot's sha256 and the frozen rows' results hash, without reading the snapshot. A check that throws is
 * recorded as a failed one, with the error, and the others still run. Each outcome replaces the
 * publication's row in publication_checks; a publication found changed, or changed otherwise than last time, gets an
 * audit entry (publication.integrity-mismatch), and one found intact again after that, publication.integrity-restored.
 */
@Injectable()
export class PublicationIntegrityService {
  private readonly logger = new Logger(PublicationIntegrityService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly publications: PublicationsService,
    private readonly audit: AuditService,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async checkAll(): Promise<IntegritySummary> {
    const ids = (await this.db.getRepository(Publication).find({ select: { id: true }, order: { publishedAt: 'ASC', id: 'ASC' } })).map((p) => p.id);
    const mismatched: string[] = [];
    // One at a time: each reads its frozen rows a batch at a time. One failing (even its record) stops no other.
    for (const id of ids) {
      const ok = await this.checkOne(id).catch((error: unknown) => {
        this.logger.error(`publication ${id}: its check could not be recorded: ${errorText(error)}`);
        return false;
      });
      if (!ok) mismatched.push(id);
    }
    return { checked: ids.length, mismatched };
  }

  /** Checks one publication and records the outcome; whether it is intact. */
  async checkOne(id: string): Promise<boolean> {
    const report = await this.publications
      .checkFrozen(id)
      .catch((error: unknown) => ({ publicationId: id, ok: false, problems: [`the check failed: ${errorText(error)}`] }));
    const problems = report.problems.slice(0, MAX_KEPT_PROBLEMS);
    await this.db.transaction(async (manager) => {
      const before = await manager.findOne(PublicationCheck, { where: { publicationId: id }, lock: { mode: 'pessimistic_write' } });
      await manager.upsert(
        PublicationCheck,
        { publicationId: id, ok: report.ok, problems, problemCount: report.problems.length, checkedAt: this.clock.now() },
        ['publicationId'],
      );
      const actor = systemActor('worker');
      const entity = { entityType: 'publication', entityId: id };
      if (!report.ok && (!before || before.ok || JSON.stringify(before.problems) !== JSON.stringify(problems))) {
        await this.audit.record(manager, actor, {
          ...entity,
          action: 'publication.integrity-mismatch',
          before: before && !before.ok ? { problemCount: before.problemCount, problems: before.problems } : null,
          after: { problemCount: report.problems.length, problems },
        });
      } else if (report.ok && before && !before.ok) {
        await this.audit.record(manager, actor, {
          ...entity,
          action: 'publication.integrity-restored',
          before: { problemCount: before.problemCount, problems: before.problems },
          after: null,
        });
      }
    });
    return report.ok;
  }

  /** The publications whose last check found a difference, the latest published first. */
  async mismatched(): Promise<MismatchedPublication[]> {
    const rows: {
      publication_id: string;
      cycle_id: string;
      year: number;
      level: string;
      version: number;
      checked_at: Date;
      problem_count: number;
      problems: string[];
    }[] = await this.db.query(
      `SELECT c.publication_id, p.cycle_id, p.year, p.level, p.version, c.checked_at, c.problem_count, c.problems
         FROM publication_checks c JOIN publications p ON p.id = c.publication_id
        WHERE NOT c.ok ORDER BY p.published_at DESC, p.id`,
    );
    return rows.map((r) => ({
      publicationId: r.publication_id,
      cycleId: r.cycle_id,
      year: r.year,
      level: r.level,
      version: r.version,
      checkedAt: r.checked_at,
      problemCount: r.problem_count,
      problems: r.problems,
    }));
  }

  /**
   * The ids of the publications whose last check found a difference, and when the last check of any ran (null
   * before the first): /health asks on every call, so it is one query of one small table.
   */
  async status(): Promise<{ mismatched: string[]; lastCheckedAt: Date | null }> {
    const [row]: { mismatched: string[]; at: Date | null }[] = await this.db.query(
      `SELECT coalesce(array_agg(publication_id::text ORDER BY publication_id) FILTER (WHERE NOT ok), '{}') AS mismatched, max(checked_at) AS at
         FROM publication_checks`,
    );
    return { mismatched: row.mismatched, lastCheckedAt: row.at };
  }
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));
