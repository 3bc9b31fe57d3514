import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { Actor } from '../auth/actor';
import { InjectClock, parseVietnamTime, type Clock } from '../common/clock';
import { DomainException } from '../common/domain.exception';
import { RefusalReason } from '../common/refusal-reason';
import { ErrorCode } from '../common/error-code';
import { omitUndefined } from '../common/omit-undefined';
import { updateAtVersion } from '../common/optimistic-update';
import type { Page } from '../common/pagination.dto';
import { FrameworksService } from '../frameworks/frameworks.service';
import { unitExists, unitsByIdsByName, unitsValidOn, unitsWithGroupByIds } from '../units/units.queries';
import { canEditParticipants, canGrantExtension, canRevokeExtension } from './cycle.can';
import { isSystemOnly } from '../frameworks/framework-tree';
import { canMove, CyclePhase, phaseTransitions } from './cycle-phase';
import { monthsFrom, nextMonthStart, parseMonth, type Month } from './cycle-period';
import { CycleTransitionRegistry } from './cycle-transition.registry';
import { CycleUnit } from './cycle-unit.entity';
import { Cycle } from './cycle.entity';
import { toCycleView, toParticipantView, type CycleView, type ParticipantView } from './cycle.view';
import type { CreateCycleDto, ParticipantDto } from './dto/create-cycle.dto';
import type { CreateCycleSeriesDto } from './dto/create-cycle-series.dto';
import type { GrantExtensionDto, RevokeExtensionDto } from './dto/grant-extension.dto';
import type { ListCyclesQuery } from './dto/list-cycles.query';
import type { MoveCycleDto } from './dto/move-cycle.dto';
import type { UpdateCycleDto } from './dto/update-cycle.dto';

/** Participants written by one INSERT (each binds 4 parameters; PostgreSQL takes at most 65,535 a statement). */
const PARTICIPANTS_PER_INSERT = 5_000;

const unprocessable = (field: string, rule: string, message: string) =>
  new DomainException(ErrorCode.UnprocessableEntity, `${field}: ${message}`, [{ field, rule, message }]);

@Injectable()
export class CyclesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly frameworks: FrameworksService,
    private readonly transitions: CycleTransitionRegistry,
    @InjectClock() private readonly clock: Clock,
  ) {}

  async create(actor: Actor, dto: CreateCycleDto): Promise<CycleView> {
    const opensAt = parseVietnamTime(dto.opensAt);
    const closesAt = parseVietnamTime(dto.closesAt);
    if (closesAt <= opensAt) throw unprocessable('closesAt', 'afterOpensAt', 'closesAt must be after opensAt');
    return this.db.transaction(async (manager) => {
      const framework = await this.frameworks.find(manager, dto.frameworkId).catch(() => {
        throw unprocessable('frameworkId', 'exists', `framework ${dto.frameworkId} does not exist`);
      });
      if (framework.level !== dto.level) {
        throw unprocessable('frameworkId', 'sameLevel', `framework ${framework.code} ${framework.version} is for level ${framework.level}, not ${dto.level}`);
      }
      if (dto.scopeUnitId && !(await unitExists(manager, dto.scopeUnitId))) {
        throw unprocessable('scopeUnitId', 'exists', `unit ${dto.scopeUnitId} does not exist`);
      }
      const scopeUnitId = dto.scopeUnitId ?? null;
      const clash = await manager
        .createQueryBuilder(Cycle, 'c')
        .where('c.year = :year AND c.level = :level AND c.series IS NULL', { year: dto.year, level: dto.level })
        .andWhere(scopeUnitId ? 'c.scope_unit_id = :scopeUnitId' : 'c.scope_unit_id IS NULL', { scopeUnitId })
        .getOne();
      if (clash) throw DomainException.conflict(`a ${dto.level} cycle of ${dto.year} already exists (${clash.id})`);
      const cycle = await manager.save(
        manager.create(Cycle, {
          year: dto.year,
          level: dto.level,
          scopeUnitId,
          frameworkId: framework.id,
          nameVi: dto.nameVi,
          nameEn: dto.nameEn ?? null,
          phase: CyclePhase.Draft,
          opensAt,
          closesAt,
          phaseChangedAt: null,
        }),
      );
      const participants = dto.participants ?? (await this.defaultParticipants(manager, cycle));
      await this.addParticipants(manager, cycle, participants);
      const view = toCycleView(await this.find(manager, cycle.id));
      await this.audit.record(manager, actor, {
        action: 'cycle.create',
        entityType: 'cycle',
        entityId: cycle.id,
        after: { ...view, participants: participants.length },
      });
      return view;
    });
  }

  /**
   * A monthly series: one cycle per month from `from` to `to` on a framework whose period is month, each opened at
   * once (its values arrive from the feeds while it is open), its participants the level's units valid on the
   * month's last day. All or none; months of the series that exist already are refused by name.
   */
  async createSeries(actor: Actor, dto: CreateCycleSeriesDto): Promise<CycleView[]> {
    const from = parseMonth(dto.from)!;
    const to = parseMonth(dto.to)!;
    const months = monthsFrom(from, to);
    if (months.length === 0) throw unprocessable('to', 'notBeforeFrom', `to (${dto.to}) must not be before from (${dto.from})`);
    if (months.length > 120) throw unprocessable('to', 'atMost120Months', `a series is created at most 120 months at a time (${dto.from} to ${dto.to} is ${months.length})`);
    const closeAfterDays = dto.closeAfterDays ?? 10;
    return this.db.transaction(async (manager) => {
      const framework = await this.frameworks.find(manager, dto.frameworkId).catch(() => {
        throw unprocessable('frameworkId', 'exists', `framework ${dto.frameworkId} does not exist`);
      });
      if (framework.level !== dto.level) {
        throw unprocessable('frameworkId', 'sameLevel', `framework ${framework.code} ${framework.version} is for level ${framework.level}, not ${dto.level}`);
      }
      const period = (framework.document as { period?: string }).period ?? 'year';
      if (period !== 'month') throw unprocessable('frameworkId', 'monthly', `framework ${framework.code} ${framework.version} has period ${period}, not month`);
      const existing: { year: number; period_index: number }[] = await manager.query(
        `SELECT year, period_index FROM cycles WHERE series = $1 AND level = $2 AND scope_unit_id IS NULL AND (year * 12 + period_index) BETWEEN $3 AND $4 ORDER BY year, period_index`,
        [framework.code, dto.level, from.year * 12 + from.month, to.year * 12 + to.month],
      );
      if (existing.length > 0) {
        const taken = existing.map((e) => `${e.year}-${String(e.period_index).padStart(2, '0')}`);
        throw DomainException.conflict(`the ${framework.code} series of level ${dto.level} already has ${taken.slice(0, 6).join(', ')}${taken.length > 6 ? ', ...' : ''}`, {
          months: taken,
        });
      }
      const created: CycleView[] = [];
      for (const month of months) created.push(await this.createMonth(manager, actor, framework, dto.level, month, closeAfterDays));
      return created;
    });
  }

  private async createMonth(
    manager: EntityManager,
    actor: Actor,
    framework: { id: string; code: string; document: { name: { vi: string; en?: string } } },
    level: CreateCycleSeriesDto['level'],
    month: Month,
    closeAfterDays: number,
  ): Promise<CycleView> {
    const label = `${month.year}-${String(month.month).padStart(2, '0')}`;
    const closesAt = parseVietnamTime(nextMonthStart(month));
    closesAt.setUTCDate(closesAt.getUTCDate() + closeAfterDays);
    const cycle = await manager.save(
      manager.create(Cycle, {
        year: month.year,
        level,
        period: 'month',
        periodIndex: month.month,
        series: framework.code,
        scopeUnitId: null,
        frameworkId: framework.id,
        nameVi: `${framework.document.name.vi} – tháng ${month.month}/${month.year}`,
        nameEn: framework.document.name.en ? `${framework.document.name.en} – ${label}` : null,
        phase: CyclePhase.Draft,
        opensAt: parseVietnamTime(`${label}-01`),
        closesAt,
        phaseChangedAt: null,
      }),
    );
    const lastDay = new Date(Date.UTC(month.year, month.month, 0)).getUTCDate();
    const participants = await this.defaultParticipants(manager, cycle, `${label}-${lastDay}`);
    await this.addParticipants(manager, cycle, participants);
    await this.audit.record(manager, actor, {
      action: 'cycle.create',
      entityType: 'cycle',
      entityId: cycle.id,
      after: { ...toCycleView(await this.find(manager, cycle.id)), participants: participants.length },
    });
    return this.moveWithin(manager, actor, cycle.id, CyclePhase.Open, { via: 'cycle.series' });
  }

  async list(query: ListCyclesQuery): Promise<Page<CycleView>> {
    const [rows, total] = await this.db.getRepository(Cycle).findAndCount({
      where: omitUndefined({
        year: query.year,
        level: query.level,
        phase: query.phase,
        series: query.series === undefined ? undefined : query.series === 'yearly' ? IsNull() : query.series,
      }),
      order: { year: 'DESC', periodIndex: 'DESC', level: 'ASC', createdAt: 'ASC' },
      skip: (query.page - 1) * query.pageSize,
      take: query.pageSize,
    });
    return { items: rows.map(toCycleView), total, page: query.page, pageSize: query.pageSize };
  }

  async get(id: string): Promise<CycleView> {
    return toCycleView(await this.find(this.db.manager, id));
  }

  async update(actor: Actor, id: string, dto: UpdateCycleDto): Promise<CycleView> {
    return this.db.transaction(async (manager) => {
      const before = await this.find(manager, id);
      if (before.phase === CyclePhase.Published) throw DomainException.conflict('a published cycle cannot change');
      const changes: Record<string, unknown> = omitUndefined({ nameVi: dto.nameVi, nameEn: dto.nameEn });
      if (dto.frameworkId !== undefined && dto.frameworkId !== before.frameworkId) {
        if (before.phase !== CyclePhase.Draft) {
          throw DomainException.conflict(`the framework of a cycle in phase ${before.phase} is frozen; only a draft may change it`);
        }
        const framework = await this.frameworks.find(manager, dto.frameworkId);
        if (framework.level !== before.level) {
          throw unprocessable('frameworkId', 'sameLevel', `framework is for level ${framework.level}, not ${before.level}`);
        }
        changes.frameworkId = dto.frameworkId;
      }
      const opensAt = dto.opensAt ? parseVietnamTime(dto.opensAt) : before.opensAt;
      const closesAt = dto.closesAt ? parseVietnamTime(dto.closesAt) : before.closesAt;
      if (closesAt <= opensAt) throw unprocessable('closesAt', 'afterOpensAt', 'closesAt must be after opensAt');
      if (dto.opensAt) changes.opensAt = opensAt;
      if (dto.closesAt) changes.closesAt = closesAt;
      await updateAtVersion(manager, Cycle, id, dto.rowVersion, changes);
      const after = await this.find(manager, id);
      await this.audit.record(manager, actor, {
        action: 'cycle.update',
        entityType: 'cycle',
        entityId: id,
        before: toCycleView(before),
        after: toCycleView(after),
      });
      return toCycleView(after);
    });
  }

  /**
   * Moves the cycle to another phase if the table allows it and no feature objects; freezes the framework on open;
   * then lets the features react to the move, in the same transaction.
   */
  async move(actor: Actor, id: string, dto: MoveCycleDto): Promise<CycleView> {
    return this.db.transaction((manager) => this.moveWithin(manager, actor, id, dto.to, { rowVersion: dto.rowVersion, reason: dto.reason }));
  }

  /**
   * The move itself, in the caller's transaction: a higher feature that moves the cycle as part of its own change
   * (publishing a run) says so with `via`, and checks may admit a move only that way.
   */
  async moveWithin(
    manager: EntityManager,
    actor: Actor,
    id: string,
    to: CyclePhase,
    options: { rowVersion?: number; reason?: string; via?: string } = {},
  ): Promise<CycleView> {
    const before = await this.find(manager, id, { lock: true });
    const systemOnly = isSystemOnly((await this.frameworks.find(manager, before.frameworkId)).document);
    if (!canMove(before.phase, to, systemOnly)) {
      const allowed = phaseTransitions(systemOnly)[before.phase];
      throw DomainException.conflict(
        `a cycle cannot move from ${before.phase} to ${to}; from ${before.phase} it may move to ${allowed.length ? allowed.join(', ') : 'nothing'}`,
        { reason: RefusalReason.PhaseMoveNotAllowed, from: before.phase, to, allowed },
      );
    }
    const refusals = await this.transitions.refusals(manager, before, to, { actor, reason: options.reason, via: options.via });
    if (refusals.length > 0) {
      const messages = refusals.map((r) => r.message);
      throw DomainException.conflict(`cannot move to ${to}: ${messages.join('; ')}`, {
        reason: RefusalReason.PhaseMoveRefused,
        to,
        refusals: messages,
        reasons: refusals.map((r) => ({ reason: r.reason, ...r.values })),
      });
    }
    if (to === CyclePhase.Open) {
      await this.frameworks.lock(manager, actor, before.frameworkId, `used by cycle ${before.year} ${before.level} (${before.id})`);
    }
    await updateAtVersion(manager, Cycle, id, options.rowVersion ?? before.rowVersion, { phase: to, phaseChangedAt: this.clock.now() });
    const after = await this.find(manager, id);
    await this.audit.record(manager, actor, {
      action: 'cycle.move',
      entityType: 'cycle',
      entityId: id,
      before: { phase: before.phase },
      after: { phase: after.phase, reason: options.reason ?? null, via: options.via ?? null },
    });
    await this.transitions.moved(manager, before, to, { actor });
    return toCycleView(after);
  }

  async participants(id: string): Promise<ParticipantView[]> {
    await this.find(this.db.manager, id);
    const rows = await this.db.manager.findBy(CycleUnit, { cycleId: id });
    const byUnit = new Map(rows.map((p) => [p.unitId, p]));
    // By the units' Vietnamese names (the registry's collation), then code.
    const units = await unitsByIdsByName(this.db.manager, [...byUnit.keys()]);
    return units.map((u) => toParticipantView({ ...byUnit.get(u.id)!, unit: { code: u.code, nameVi: u.nameVi } }));
  }

  async setParticipants(actor: Actor, id: string, add: ParticipantDto[], remove: string[]): Promise<ParticipantView[]> {
    await this.db.transaction(async (manager) => {
      const cycle = await this.find(manager, id, { lock: true });
      if (!canEditParticipants(cycle.phase)) {
        throw DomainException.conflict(`participants are fixed once a cycle is in ${cycle.phase}`);
      }
      if (remove.length) await manager.delete(CycleUnit, { cycleId: id, unitId: In(remove) });
      await this.addParticipants(manager, cycle, add);
      await this.audit.record(manager, actor, {
        action: 'cycle.participants',
        entityType: 'cycle',
        entityId: id,
        after: { added: add.map((p) => p.unitId), removed: remove },
      });
    });
    return this.participants(id);
  }

  /** Lets one unit write after the window closed, until the given time. */
  async grantExtension(actor: Actor, id: string, unitId: string, dto: GrantExtensionDto): Promise<ParticipantView> {
    const until = parseVietnamTime(dto.until);
    return this.db.transaction(async (manager) => {
      // Locked: a phase move under way would otherwise let an extension through on the phase it is leaving.
      const cycle = await this.find(manager, id, { lock: true });
      if (!canGrantExtension(cycle.phase)) throw DomainException.conflict(`extensions are granted while the cycle is open, not ${cycle.phase}`);
      if (until <= cycle.closesAt) throw unprocessable('until', 'afterClosesAt', 'an extension must end after the cycle closes');
      const participant = await this.participant(manager, id, unitId);
      return this.setExtension(manager, actor, participant, until, dto.reason, 'cycle.extension');
    });
  }

  /**
   * Takes a unit's extension back: it writes again only inside the cycle's window. Refused once the cycle is
   * published, the one phase from which it can never be open again (review and scoring can move back to open, where
   * the extension would count again); a participant without an extension is 404.
   */
  async revokeExtension(actor: Actor, id: string, unitId: string, dto: RevokeExtensionDto): Promise<ParticipantView> {
    return this.db.transaction(async (manager) => {
      const cycle = await this.find(manager, id, { lock: true });
      if (!canRevokeExtension(cycle.phase)) {
        throw DomainException.conflict(`the cycle is ${cycle.phase} and can never be open again: its extensions no longer count and stay on record`);
      }
      const participant = await this.participant(manager, id, unitId);
      if (!participant.extensionUntil) throw DomainException.notFound('extension', `of unit ${unitId} in cycle ${id}`);
      return this.setExtension(manager, actor, participant, null, dto.reason, 'cycle.extension_revoke');
    });
  }

  /** Writes a participant's extension end (null: none) with its audit entry, in the caller's transaction. */
  private async setExtension(
    manager: EntityManager,
    actor: Actor,
    participant: CycleUnit,
    until: Date | null,
    reason: string,
    action: 'cycle.extension' | 'cycle.extension_revoke',
  ): Promise<ParticipantView> {
    const { cycleId, unitId } = participant;
    await manager.update(CycleUnit, { cycleId, unitId }, { extensionUntil: until });
    await this.audit.record(manager, actor, {
      action,
      // On the cycle, naming the unit: "<cycle id>:<unit id>" (73 characters) would not fit audit_log.entity_id.
      entityType: 'cycle',
      entityId: cycleId,
      before: { unitId, extensionUntil: participant.extensionUntil },
      after: { unitId, extensionUntil: until, reason },
    });
    return toParticipantView({ ...participant, extensionUntil: until });
  }

  /**
   * The cycle; `lock: true` for a change of it (FOR UPDATE), `lock: 'keyShare'` for a write that depends on its phase
   * (FOR KEY SHARE: such writes do not wait for each other, but a phase move waits for them, and they for it).
   */
  async find(manager: EntityManager, id: string, options: { lock?: boolean | 'keyShare' } = {}): Promise<Cycle> {
    const lock = options.lock === 'keyShare' ? ({ mode: 'for_key_share' } as const) : options.lock ? ({ mode: 'pessimistic_write' } as const) : undefined;
    const cycle = await manager.findOne(Cycle, { where: { id }, lock });
    if (!cycle) throw DomainException.notFound('cycle', id);
    return cycle;
  }

  async participant(manager: EntityManager, cycleId: string, unitId: string): Promise<CycleUnit> {
    const row = await manager.findOneBy(CycleUnit, { cycleId, unitId });
    if (!row) throw DomainException.notFound('participant', `${unitId} of cycle ${cycleId}`);
    const [unit] = await unitsByIdsByName(manager, [unitId]);
    return { ...row, unit: unit && { code: unit.code, nameVi: unit.nameVi } };
  }

  /** The units of the cycle's level valid on the last day of its data year, within its scope unit if any. */
  private async defaultParticipants(manager: EntityManager, cycle: Cycle, day = `${cycle.year}-12-31`): Promise<ParticipantDto[]> {
    const units = await unitsValidOn(manager, cycle.level, day, cycle.scopeUnitId);
    return units.map((u) => ({ unitId: u.id, unitGroup: u.unitGroup ?? undefined, ranked: true }));
  }

  private async addParticipants(manager: EntityManager, cycle: Cycle, participants: ParticipantDto[]): Promise<void> {
    if (participants.length === 0) return;
    const ids = [...new Set(participants.map((p) => p.unitId))];
    if (ids.length !== participants.length) throw unprocessable('participants', 'unique', 'a unit is listed twice');
    const units = await unitsWithGroupByIds(manager, ids);
    const byId = new Map(units.map((u) => [u.id, u]));
    const problems = participants.flatMap((p, i) => {
      const unit = byId.get(p.unitId);
      if (!unit) return [{ field: `participants[${i}].unitId`, rule: 'exists', message: `unit ${p.unitId} does not exist` }];
      if (unit.level !== cycle.level) {
        return [{ field: `participants[${i}].unitId`, rule: 'sameLevel', message: `${unit.code} ${unit.nameVi} is a ${unit.level}, not a ${cycle.level}` }];
      }
      return [];
    });
    if (problems.length > 0) {
      throw new DomainException(ErrorCode.UnprocessableEntity, problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);
    }
    const rows = participants.map((p) => ({
      cycleId: cycle.id,
      unitId: p.unitId,
      unitGroup: p.unitGroup ?? byId.get(p.unitId)?.unitGroup ?? null,
      ranked: p.ranked ?? true,
    }));
    // A few thousand rows a statement: one INSERT of 20,000 communes would bind 80,000 parameters, past PostgreSQL's 65,535.
    for (let i = 0; i < rows.length; i += PARTICIPANTS_PER_INSERT) {
      await manager.createQueryBuilder().insert().into(CycleUnit).values(rows.slice(i, i + PARTICIPANTS_PER_INSERT)).orIgnore().execute();
    }
  }
}
