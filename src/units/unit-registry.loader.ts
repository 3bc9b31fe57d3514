import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Brackets, DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { checkUnitRegistry, dayBefore, formatUnitFileError, parseUnitFile, type UnitRecord } from './unit-file';
import { UNIT_LEVELS, type UnitLevel } from './unit-level';
import { Unit } from './unit.entity';
import { toUnitView } from './unit.view';
import { UnitsService } from './units.service';

export interface UnitRegistryLoadReport {
  files: string[];
  created: number;
  updated: number;
  unchanged: number;
}

export class UnitRegistryFileError extends Error {
  constructor(readonly problems: string[]) {
    super(`the unit registry files have ${problems.length} problem(s):\n  - ${problems.join('\n  - ')}`);
  }
}

/**
 * Loads config/units/*.yaml into PostgreSQL in one transaction: a unit is matched by level, code and validFrom,
 * created when new and updated when a file changed it, so loading twice changes nothing.
 */
@Injectable()
export class UnitRegistryLoader {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly units: UnitsService,
    private readonly audit: AuditService,
  ) {}

  readFiles(dir: string): { files: string[]; records: UnitRecord[] } {
    const files = readdirSync(dir)
      .filter((f) => /\.ya?ml$/.test(f))
      .sort();
    const problems: string[] = [];
    const records: UnitRecord[] = [];
    for (const file of files) {
      const result = parseUnitFile(readFileSync(join(dir, file), 'utf8'), file);
      if (result.ok) records.push(...result.units);
      else problems.push(...result.errors.map(formatUnitFileError));
    }
    if (problems.length === 0) problems.push(...checkUnitRegistry(records));
    if (problems.length > 0) throw new UnitRegistryFileError(problems);
    return { files, records };
  }

  async load(dir: string, actor: Actor): Promise<UnitRegistryLoadReport> {
    const { files, records } = this.readFiles(dir);
    // Parents and predecessors first: a record may only name units that became valid before it.
    const ordered = [...records].sort(
      (a, b) => a.validFrom.localeCompare(b.validFrom) || depth(a.level) - depth(b.level) || a.code.localeCompare(b.code),
    );
    const report: UnitRegistryLoadReport = { files, created: 0, updated: 0, unchanged: 0 };
    await this.db.transaction(async (manager) => {
      for (const record of ordered) report[await this.upsert(manager, actor, record)] += 1;
    });
    return report;
  }

  private async upsert(
    manager: EntityManager,
    actor: Actor,
    record: UnitRecord,
  ): Promise<'created' | 'updated' | 'unchanged'> {
    const parentId = record.parent ? (await this.validOn(manager, null, record.parent, record.validFrom)).id : null;
    const existing = await manager.findOne(Unit, {
      where: { level: record.level, code: record.code, validFrom: record.validFrom },
    });
    const fields = {
      nameVi: record.name.vi.normalize('NFC'),
      nameEn: record.name.en ?? null,
      validTo: record.validTo ?? null,
      parentId,
      unitGroup: record.group ?? null,
      kind: record.kind ?? null,
    };
    if (!existing) {
      const predecessorIds: string[] = [];
      for (const code of record.predecessors ?? []) {
        predecessorIds.push((await this.validOn(manager, record.level, code, dayBefore(record.validFrom))).id);
      }
      const unit = await this.units.insert(manager, {
        level: record.level,
        code: record.code,
        nameVi: fields.nameVi,
        nameEn: fields.nameEn ?? undefined,
        validFrom: record.validFrom,
        validTo: fields.validTo ?? undefined,
        parentId: parentId ?? undefined,
        unitGroup: fields.unitGroup ?? undefined,
        kind: fields.kind ?? undefined,
        predecessorIds,
      });
      await this.audit.record(manager, actor, { action: 'unit.create', entityType: 'unit', entityId: unit.id, after: toUnitView(unit) });
      return 'created';
    }
    const changed = Object.entries(fields).filter(([key, value]) => existing[key as keyof Unit] !== value);
    if (changed.length === 0) return 'unchanged';
    const before = toUnitView(await this.units.find(manager, existing.id));
    await manager.update(Unit, { id: existing.id }, { ...Object.fromEntries(changed), version: existing.version + 1 });
    const after = toUnitView(await this.units.find(manager, existing.id));
    await this.audit.record(manager, actor, { action: 'unit.update', entityType: 'unit', entityId: existing.id, before, after });
    return 'updated';
  }

  private async validOn(manager: EntityManager, level: string | null, code: string, day: string): Promise<Unit> {
    const qb = manager
      .createQueryBuilder(Unit, 'u')
      .where('u.code = :code AND u.valid_from <= :day', { code, day })
      .andWhere(new Brackets((w) => w.where('u.valid_to IS NULL').orWhere('u.valid_to >= :day', { day })));
    if (level) qb.andWhere('u.level = :level', { level });
    const unit = await qb.getOne();
    // checkUnitRegistry has resolved every reference already; this guards against units edited in the database.
    if (!unit) throw new UnitRegistryFileError([`${level ?? 'unit'} ${code} is not valid on ${day}`]);
    return unit;
  }
}

const depth = (level: UnitLevel) => UNIT_LEVELS.indexOf(level);
