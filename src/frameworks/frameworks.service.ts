import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { stringify } from 'yaml';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { canonicalHash } from '../common/canonical-json';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { omitUndefined } from '../common/omit-undefined';
import { updateAtVersion } from '../common/optimistic-update';
import { RefusalReason } from '../common/refusal-reason';
import type { Page } from '../common/pagination.dto';
import type { Framework } from '../engine/framework.model';
import { CompiledFrameworkCache, compileFramework, type CompiledFramework } from './compiled-framework';
import type { ListFrameworksQuery } from './dto/list-frameworks.query';
import { diffFrameworks, type FrameworkDiff } from './framework-diff';
import { FrameworkParser, type FrameworkSource } from './framework-parser';
import type { FrameworkIssue } from './framework-validator';
import { FrameworkVersion } from './framework-version.entity';
import { toFrameworkDetail, toFrameworkSummary, type FrameworkDetail, type FrameworkSummary } from './framework.view';

export type { FrameworkSource } from './framework-parser';

/** A file over the size limit is 413, as a body over the body limit is; any other mistake 422. */
function invalid(errors: FrameworkIssue[]): DomainException {
  return new DomainException(
    errors.some((e) => e.rule === 'size') ? ErrorCode.PayloadTooLarge : ErrorCode.UnprocessableEntity,
    `the framework has ${errors.length} mistake(s): ${errors
      .slice(0, 3)
      .map((e) => `${e.path || '(file)'}: ${e.message}`)
      .join('; ')}${errors.length > 3 ? '; ...' : ''}`,
    errors.map((e) => ({
      field: e.path || '(file)',
      rule: e.rule,
      message: e.message,
      ...(e.line ? { line: e.line } : {}),
      ...(e.limit !== undefined ? { limit: e.limit } : {}),
    })),
  );
}

@Injectable()
export class FrameworksService {
  private readonly compiledCache = new CompiledFrameworkCache();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly parser: FrameworkParser,
  ) {}

  /**
   * Validates without storing: every mistake with its path and rule, or the framework. Parsed and validated in the
   * parser's worker thread, within FRAMEWORK_LIMITS.
   */
  async validate(source: FrameworkSource): Promise<Framework> {
    const result = await this.parser.parse(source);
    if (!result.ok) throw invalid(result.errors);
    return result.framework;
  }

  async import(actor: Actor, source: FrameworkSource): Promise<FrameworkDetail> {
    const framework = await this.validate(source);
    return this.db.transaction(async (manager) => {
      const row = await this.insert(manager, framework, null);
      await this.audit.record(manager, actor, {
        action: 'framework.import',
        entityType: 'framework',
        entityId: row.id,
        after: toFrameworkSummary(row),
      });
      return toFrameworkDetail(row);
    });
  }

  async list(query: ListFrameworksQuery): Promise<Page<FrameworkSummary>> {
    const [rows, total] = await this.db.getRepository(FrameworkVersion).findAndCount({
      where: omitUndefined({ code: query.code, level: query.level, year: query.year }),
      order: { code: 'ASC', year: 'ASC', version: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(toFrameworkSummary), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<FrameworkDetail> {
    return toFrameworkDetail(await this.find(this.db.manager, id));
  }

  /** Replaces the document of a version no cycle uses yet; code and version must stay the same. */
  async replace(actor: Actor, id: string, rowVersion: number, source: FrameworkSource): Promise<FrameworkDetail> {
    const framework = await this.validate(source);
    return this.db.transaction(async (manager) => {
      const before = await this.find(manager, id);
      this.assertMutable(before);
      if (framework.code !== before.code || framework.version !== before.version) {
        throw DomainException.conflict(
          `code and version are ${before.code} ${before.version} here; store ${framework.code} ${framework.version} as a new version (import or clone)`,
        );
      }
      await updateAtVersion(manager, FrameworkVersion, id, rowVersion, this.columns(framework));
      const after = await this.find(manager, id);
      await this.audit.record(manager, actor, {
        action: 'framework.update',
        entityType: 'framework',
        entityId: id,
        before: toFrameworkSummary(before),
        after: toFrameworkSummary(after),
      });
      return toFrameworkDetail(after);
    });
  }

  async clone(actor: Actor, id: string, version: string): Promise<FrameworkDetail> {
    return this.db.transaction(async (manager) => {
      const source = await this.find(manager, id);
      const row = await this.insert(manager, { ...source.document, version }, source.id);
      await this.audit.record(manager, actor, {
        action: 'framework.clone',
        entityType: 'framework',
        entityId: row.id,
        after: toFrameworkSummary(row),
      });
      return toFrameworkDetail(row);
    });
  }

  async remove(actor: Actor, id: string): Promise<void> {
    await this.db.transaction(async (manager) => {
      const row = await this.find(manager, id);
      this.assertMutable(row);
      await manager.delete(FrameworkVersion, { id });
      await this.audit.record(manager, actor, {
        action: 'framework.delete',
        entityType: 'framework',
        entityId: id,
        before: toFrameworkSummary(row),
      });
    });
  }

  async diff(fromId: string, toId: string): Promise<FrameworkDiff> {
    const [from, to] = await Promise.all([this.find(this.db.manager, fromId), this.find(this.db.manager, toId)]);
    return diffFrameworks(from.document, to.document);
  }

  async exportYaml(id: string): Promise<{ fileName: string; text: string }> {
    const row = await this.find(this.db.manager, id);
    return {
      fileName: `${row.code.toLowerCase()}-${row.version}.yaml`,
      text: stringify(row.document, { lineWidth: 0, aliasDuplicateObjects: false }),
    };
  }

  /**
   * Freezes a version: called by the feature that starts using it (a cycle opening). Idempotent: the first
   * reason stays.
   */
  async lock(manager: EntityManager, actor: Actor, id: string, reason: string): Promise<void> {
    const row = await this.find(manager, id);
    if (row.lockedAt) return;
    await manager.update(FrameworkVersion, { id }, { lockedAt: new Date(), lockedReason: reason });
    await this.audit.record(manager, actor, {
      action: 'framework.lock',
      entityType: 'framework',
      entityId: id,
      after: { lockedReason: reason },
    });
  }

  async find(manager: EntityManager, id: string): Promise<FrameworkVersion> {
    const row = await manager.findOne(FrameworkVersion, { where: { id } });
    if (!row) throw DomainException.notFound('framework', id);
    return row;
  }

  /**
   * The version's document compiled (compiled-framework.ts), for the writes that read it on every request (a
   * submission save): a locked version from memory after its first read, any other read and compiled each time.
   */
  async compiled(manager: EntityManager, id: string): Promise<CompiledFramework> {
    const kept = this.compiledCache.get(id);
    if (kept) return kept;
    const row = await this.find(manager, id);
    const compiled = compileFramework(row.id, row.document);
    if (row.lockedAt) this.compiledCache.keep(compiled);
    return compiled;
  }

  private assertMutable(row: FrameworkVersion): void {
    if (row.lockedAt) {
      throw DomainException.conflict(
        `framework ${row.code} ${row.version} is immutable: ${row.lockedReason ?? 'in use'}; clone it to a new version to change it`,
        { lockedAt: row.lockedAt, lockedReason: row.lockedReason },
      );
    }
  }

  private columns(framework: Framework) {
    return {
      code: framework.code,
      version: framework.version,
      level: framework.level,
      year: framework.year,
      nameVi: framework.name.vi,
      document: framework,
      contentHash: canonicalHash(framework),
    };
  }

  private async insert(manager: EntityManager, framework: Framework, clonedFromId: string | null): Promise<FrameworkVersion> {
    if (await manager.exists(FrameworkVersion, { where: { code: framework.code, version: framework.version } })) {
      throw DomainException.conflict(`framework ${framework.code} version ${framework.version} already exists`, {
        reason: RefusalReason.FrameworkVersionExists,
        code: framework.code,
        version: framework.version,
      });
    }
    const saved = await manager.save(manager.create(FrameworkVersion, { ...this.columns(framework), clonedFromId }));
    return this.find(manager, saved.id);
  }
}
