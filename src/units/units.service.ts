import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { RefusalReason } from '../common/refusal-reason';
import { ErrorCode } from '../common/error-code';
import { updateAtVersion } from '../common/optimistic-update';
import type { Page } from '../common/pagination.dto';
import type { CreateUnitDto } from './dto/create-unit.dto';
import type { ListUnitsQuery } from './dto/list-units.query';
import type { RetireUnitDto, UpdateUnitDto } from './dto/update-unit.dto';
import { containsPattern, searchKeySql } from './unit-name-search';
import { Unit } from './unit.entity';
import { toUnitView, unitRef, type UnitRef, type UnitView } from './unit.view';

const unprocessable = (field: string, rule: string, message: string) =>
  new DomainException(ErrorCode.UnprocessableEntity, `${field}: ${message}`, [{ field, rule, message }]);

@Injectable()
export class UnitsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  async list(query: ListUnitsQuery): Promise<Page<UnitView>> {
    const qb = this.db.getRepository(Unit).createQueryBuilder('u');
    if (query.level) qb.andWhere('u.level = :level', { level: query.level });
    if (query.parentId) qb.andWhere('u.parent_id = :parentId', { parentId: query.parentId });
    if (query.code) qb.andWhere('u.code = :code', { code: query.code });
    if (query.validOn) {
      qb.andWhere('u.valid_from <= :day', { day: query.validOn }).andWhere(
        new Brackets((w) => w.where('u.valid_to IS NULL').orWhere('u.valid_to >= :day', { day: query.validOn })),
      );
    }
    const q = query.q?.trim();
    // Either name, without case or marks on either side ("da nang" finds Đà Nẵng); the trigram index serves it.
    if (q) qb.andWhere(`u.name_search LIKE ${searchKeySql(':q')}`, { q: containsPattern(q) });
    const [units, total] = await qb
      .orderBy('u.name_vi', 'ASC')
      .addOrderBy('u.code', 'ASC')
      .addOrderBy('u.valid_from', 'ASC')
      .skip((query.page - 1) * query.pageSize)
      .take(query.pageSize)
      .getManyAndCount();
    await this.loadLineage(this.db.manager, units);
    return { items: units.map(toUnitView), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<UnitView> {
    return toUnitView(await this.find(this.db.manager, id));
  }

  /** The units formed from this one (the other side of the lineage: what a merged unit became), oldest first. */
  async successors(id: string): Promise<UnitRef[]> {
    const rows: { unit_id: string }[] = await this.db.query('SELECT unit_id FROM unit_lineage WHERE predecessor_id = $1', [id]);
    if (rows.length === 0) return [];
    const units = await this.db.getRepository(Unit).find({
      where: { id: In(rows.map((r) => r.unit_id)) },
      order: { validFrom: 'ASC', code: 'ASC' },
    });
    return units.map(unitRef);
  }

  async create(actor: Actor, dto: CreateUnitDto): Promise<UnitView> {
    return this.db.transaction(async (manager) => {
      const unit = await this.insert(manager, dto);
      const view = toUnitView(unit);
      await this.audit.record(manager, actor, { action: 'unit.create', entityType: 'unit', entityId: unit.id, after: view });
      return view;
    });
  }

  /** Inserts one unit after checking validity, parent and lineage; shared by the API and the registry loader. */
  async insert(manager: EntityManager, dto: CreateUnitDto): Promise<Unit> {
    if (dto.validTo && dto.validTo < dto.validFrom) {
      throw unprocessable('validTo', 'notBeforeValidFrom', `validTo ${dto.validTo} is before validFrom ${dto.validFrom}`);
    }
    await this.assertNoOverlap(manager, dto.level, dto.code, dto.validFrom, dto.validTo ?? null);
    if (dto.parentId) await this.assertParentCovers(manager, dto.parentId, dto.validFrom, dto.validTo ?? null);
    const predecessors = dto.predecessorIds?.length
      ? await manager.findBy(Unit, { id: In(dto.predecessorIds) })
      : [];
    const missing = (dto.predecessorIds ?? []).filter((id) => !predecessors.some((p) => p.id === id));
    if (missing.length > 0) {
      throw unprocessable('predecessorIds', 'exists', `unknown unit ${missing.join(', ')}`);
    }
    const saved = await manager.save(
      manager.create(Unit, {
        level: dto.level,
        code: dto.code,
        nameVi: dto.nameVi.normalize('NFC'),
        nameEn: dto.nameEn ?? null,
        validFrom: dto.validFrom,
        validTo: dto.validTo ?? null,
        parentId: dto.parentId ?? null,
        unitGroup: dto.unitGroup ?? null,
        kind: dto.kind ?? null,
        retiredReason: null,
      }),
    );
    // The lineage keeps the order given, so it is written by hand with a position rather than by the relation.
    for (const [position, predecessorId] of (dto.predecessorIds ?? []).entries()) {
      await manager.query('INSERT INTO unit_lineage (unit_id, predecessor_id, position) VALUES ($1, $2, $3)', [
        saved.id,
        predecessorId,
        position,
      ]);
    }
    return this.find(manager, saved.id);
  }

  async update(actor: Actor, id: string, dto: UpdateUnitDto): Promise<UnitView> {
    return this.db.transaction(async (manager) => {
      const before = toUnitView(await this.find(manager, id));
      const { version, ...fields } = dto;
      const changes = Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
      if (typeof changes.nameVi === 'string') changes.nameVi = changes.nameVi.normalize('NFC');
      await updateAtVersion(manager, Unit, id, version, changes);
      const after = toUnitView(await this.find(manager, id));
      await this.audit.record(manager, actor, { action: 'unit.update', entityType: 'unit', entityId: id, before, after });
      return after;
    });
  }

  /** Ends a unit's validity (a merger, a dissolution); the row stays for the history and the lineage. */
  async retire(actor: Actor, id: string, dto: RetireUnitDto): Promise<UnitView> {
    return this.db.transaction(async (manager) => {
      const before = toUnitView(await this.find(manager, id));
      if (before.validTo !== null) {
        throw DomainException.conflict(`unit ${before.code} is already retired (valid to ${before.validTo})`);
      }
      if (dto.validTo < before.validFrom) {
        throw unprocessable('validTo', 'notBeforeValidFrom', `validTo ${dto.validTo} is before validFrom ${before.validFrom}`);
      }
      await updateAtVersion(manager, Unit, id, dto.version, { validTo: dto.validTo, retiredReason: dto.reason });
      const after = toUnitView(await this.find(manager, id));
      await this.audit.record(manager, actor, { action: 'unit.retire', entityType: 'unit', entityId: id, before, after });
      return after;
    });
  }

  async find(manager: EntityManager, id: string): Promise<Unit> {
    const unit = await manager.findOne(Unit, { where: { id } });
    if (!unit) throw DomainException.notFound('unit', id);
    await this.loadLineage(manager, [unit]);
    return unit;
  }

  private async loadLineage(manager: EntityManager, units: Unit[]): Promise<void> {
    if (units.length === 0) return;
    const rows: { unit_id: string; id: string }[] = await manager.query(
      `SELECT l.unit_id, p.id FROM unit_lineage l JOIN units p ON p.id = l.predecessor_id
        WHERE l.unit_id = ANY($1) ORDER BY l.unit_id, l.position`,
      [units.map((u) => u.id)],
    );
    const predecessors = rows.length
      ? await manager.findBy(Unit, { id: In([...new Set(rows.map((r) => r.id))]) })
      : [];
    const byId = new Map(predecessors.map((p) => [p.id, p]));
    for (const unit of units) {
      unit.predecessors = rows.filter((r) => r.unit_id === unit.id).map((r) => byId.get(r.id) as Unit);
    }
  }

  private async assertNoOverlap(
    manager: EntityManager,
    level: string,
    code: string,
    validFrom: string,
    validTo: string | null,
  ): Promise<void> {
    const clash = await manager
      .createQueryBuilder(Unit, 'u')
      .where('u.level = :level AND u.code = :code', { level, code })
      .andWhere('(u.valid_to IS NULL OR u.valid_to >= :validFrom)', { validFrom })
      .andWhere(validTo ? 'u.valid_from <= :validTo' : 'TRUE', { validTo })
      .getOne();
    if (clash) {
      throw DomainException.conflict(
        `code: ${level} ${code} is already valid from ${clash.validFrom} to ${clash.validTo ?? 'now'} (unit ${clash.id})`,
        {
          reason: RefusalReason.UnitCodeInUse,
          conflictingUnitId: clash.id,
          level,
          code,
          nameVi: clash.nameVi,
          nameEn: clash.nameEn ?? null,
          validFrom: clash.validFrom,
          validTo: clash.validTo ?? null,
        },
      );
    }
  }

  private async assertParentCovers(
    manager: EntityManager,
    parentId: string,
    validFrom: string,
    validTo: string | null,
  ): Promise<void> {
    const parent = await manager.findOne(Unit, { where: { id: parentId } });
    if (!parent) throw unprocessable('parentId', 'exists', `unknown unit ${parentId}`);
    const endsBefore = parent.validTo !== null && (validTo === null || parent.validTo < validTo);
    if (parent.validFrom > validFrom || endsBefore) {
      throw unprocessable('parentId', 'coversValidity', `parent ${parent.code} is not valid over the whole validity`);
    }
  }
}
