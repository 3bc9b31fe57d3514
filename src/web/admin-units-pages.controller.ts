import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ParseIdPipe } from '../common/validators';
import { CreateUnitDto } from '../units/dto/create-unit.dto';
import { ListUnitsQuery } from '../units/dto/list-units.query';
import { RetireUnitDto, UpdateUnitDto } from '../units/dto/update-unit.dto';
import { UNIT_LEVELS, type UnitLevel } from '../units/unit-level';
import type { UnitView } from '../units/unit.view';
import { UnitsService } from '../units/units.service';
import { Role } from '../auth/role';
import { catalogRefusal, formList, presentFields, typedFields, type FieldLabels, type Refusal } from './catalog-forms';
import { checkWithDto, formNumber, formText, type FormBody } from './form-values';
import { localName, type Lang, type MessageKey, type Translate } from './i18n';
import { doneFlash, pageLang, pageT, submitForm, validDto } from './page-handler';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

const UNITS_URL = `${APP_PREFIX}/admin/units`;
const unitUrl = (id: string) => `${UNITS_URL}/${id}`;
const FILTERS = ['level', 'validOn', 'q'] as const;
const CREATE_FIELDS = ['level', 'code', 'nameVi', 'nameEn', 'validFrom', 'validTo', 'parentId', 'unitGroup', 'kind'] as const;
const EDIT_FIELDS = ['nameVi', 'nameEn', 'unitGroup', 'kind'] as const;
const RETIRE_FIELDS = ['validTo', 'reason'] as const;
/** Parents and predecessors are chosen among these levels' units (a few hundred at most). */
const CANDIDATE_LEVELS: UnitLevel[] = ['national', 'ministry', 'province'];
const PAGE_SIZE = 100;

type CreateTyped = Record<(typeof CREATE_FIELDS)[number], string> & { predecessorIds: string[] };

const labels = (t: Translate, prefix: string, names: readonly string[]): FieldLabels =>
  Object.fromEntries(names.map((n) => [n, { label: t(`catalog.unit.${n}` as MessageKey), id: `${prefix}-${n}` }]));

/** The administrator's units: the registry by level and validity date, a unit's details and lineage, create and edit. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminUnitsPagesController {
  constructor(private readonly units: UnitsService) {}

  /** The registry, filtered by the API's own query rules (ListUnitsQuery), in Vietnamese name order, 100 a page. */
  @Get('units')
  async list(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const filters = typedFields(query, FILTERS);
    const plain: Record<string, unknown> = { ...presentFields(filters), page: formNumber(formText(query.page)) ?? 1, pageSize: PAGE_SIZE };
    const checked = await checkWithDto(ListUnitsQuery, plain);
    const refusal = checked.problems.length ? catalogRefusal(DomainException.validation(checked.problems), t, labels(t, 'f', FILTERS)) : null;
    const page = refusal ? null : await this.units.list(checked.dto);
    const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
    const link = (n: number) => {
      const params = new URLSearchParams(Object.entries(filters).filter(([, v]) => v));
      params.set('page', String(n));
      return `${UNITS_URL}?${params.toString()}`;
    };
    await renderPage(
      res,
      'app/admin-units.njk',
      {
        title: t('catalog.units.title'),
        levels: UNIT_LEVELS,
        filters,
        problems: refusal?.problems ?? [],
        page,
        pages,
        units: (page?.items ?? []).map((u) => ({ ...u, name: localName(u, lang), href: unitUrl(u.id) })),
        prev: page && page.page > 1 ? link(page.page - 1) : null,
        next: page && page.page < pages ? link(page.page + 1) : null,
      },
      refusal?.status ?? 200,
    );
  }

  @Get('units/new')
  async createForm(@Res() res: Response): Promise<void> {
    const typed: CreateTyped = { ...typedFields({ level: 'province' }, CREATE_FIELDS), predecessorIds: [] };
    await this.renderCreate(res, typed, null);
  }

  @Post('units')
  async create(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed: CreateTyped = { ...typedFields(body, CREATE_FIELDS), predecessorIds: formList(body.predecessorIds) };
    const plain: Record<string, unknown> = presentFields(typedFields(body, CREATE_FIELDS));
    if (typed.predecessorIds.length) plain.predecessorIds = typed.predecessorIds;
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(CreateUnitDto, plain);
        const unit = await this.units.create(actor, dto);
        return `${unitUrl(unit.id)}?done=created`;
      },
      refused: (error, t) => catalogRefusal(error, t, labels(t, 'u', [...CREATE_FIELDS, 'predecessorIds'])),
      again: (refusal) => this.renderCreate(res, typed, refusal),
    });
  }

  @Get('units/:unitId')
  async unit(@Param('unitId', ParseIdPipe) unitId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const flash = await doneFlash(formText(query.done), {
      created: () => t('catalog.unit.createdOk'),
      updated: () => t('catalog.unit.updatedOk'),
      retired: () => t('catalog.unit.retiredOk'),
    });
    await this.renderUnit(res, unitId, { flash });
  }

  @Post('units/:unitId')
  async update(@CurrentActor() actor: Actor, @Param('unitId', ParseIdPipe) unitId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed = typedFields(body, EDIT_FIELDS);
    // Cleared group or kind: null (the API's way to remove it); the names stay required as in the API.
    const plain: Record<string, unknown> = { version: formNumber(formText(body.version)), nameVi: typed.nameVi };
    if (typed.nameEn) plain.nameEn = typed.nameEn;
    plain.unitGroup = typed.unitGroup || null;
    plain.kind = typed.kind || null;
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(UpdateUnitDto, plain);
        await this.units.update(actor, unitId, dto);
        return `${unitUrl(unitId)}?done=updated`;
      },
      refused: (error, t) => catalogRefusal(error, t, labels(t, 'e', [...EDIT_FIELDS, 'version'])),
      again: (refusal) => this.renderUnit(res, unitId, { refusal, edit: typed }),
    });
  }

  /** Ends a unit's validity (a merger, a dissolution); the row stays for the history and the lineage. */
  @Post('units/:unitId/retire')
  async retire(@CurrentActor() actor: Actor, @Param('unitId', ParseIdPipe) unitId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed = typedFields(body, RETIRE_FIELDS);
    const plain: Record<string, unknown> = { ...typed, version: formNumber(formText(body.version)) };
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(RetireUnitDto, plain);
        await this.units.retire(actor, unitId, dto);
        return `${unitUrl(unitId)}?done=retired`;
      },
      refused: (error, t) => catalogRefusal(error, t, labels(t, 'r', [...RETIRE_FIELDS, 'version'])),
      again: (refusal) => this.renderUnit(res, unitId, { retireRefusal: refusal, retire: typed }),
    });
  }

  /** The units a new unit may name as its parent or predecessors, by level, in Vietnamese name order. */
  private async candidates(lang: Lang): Promise<Array<{ level: UnitLevel; units: Array<{ id: string; label: string }> }>> {
    const lists = await Promise.all(CANDIDATE_LEVELS.map((level) => this.units.list({ level, page: 1, pageSize: 500 } as ListUnitsQuery)));
    return CANDIDATE_LEVELS.map((level, i) => ({
      level,
      units: lists[i].items.map((u) => ({ id: u.id, label: `${u.code} · ${localName(u, lang)} (${u.validFrom} – ${u.validTo ?? '…'})` })),
    }));
  }

  private async renderCreate(res: Response, typed: CreateTyped, refusal: Refusal | null): Promise<void> {
    const t = pageT(res);
    await renderPage(
      res,
      'app/admin-unit-new.njk',
      { title: t('catalog.unit.create'), typed, levels: UNIT_LEVELS, candidates: await this.candidates(pageLang(res)), problems: refusal?.problems ?? [], errors: refusal?.byField ?? {} },
      refusal?.status ?? 200,
    );
  }

  private async renderUnit(
    res: Response,
    unitId: string,
    options: { flash?: string | null; refusal?: Refusal; edit?: Record<string, string>; retireRefusal?: Refusal; retire?: Record<string, string> },
  ): Promise<void> {
    const lang = pageLang(res);
    const unit = await this.units.get(unitId);
    const parent: UnitView | null = unit.parentId ? await this.units.get(unit.parentId) : null;
    const [children, successors] = await Promise.all([this.units.list({ parentId: unit.id, page: 1, pageSize: 500 } as ListUnitsQuery), this.units.successors(unit.id)]);
    const refusal = options.refusal ?? options.retireRefusal;
    await renderPage(
      res,
      'app/admin-unit.njk',
      {
        title: `${unit.code} · ${localName(unit, lang)}`,
        unit,
        parent: parent ? { ...parent, name: localName(parent, lang), href: unitUrl(parent.id) } : null,
        // A merged province's first predecessor is its own record before the merger (same level and code).
        predecessors: unit.predecessors.map((p) => ({ ...p, href: unitUrl(p.id), self: p.level === unit.level && p.code === unit.code })),
        successors: successors.map((u) => ({ ...u, href: unitUrl(u.id) })),
        children: children.items.map((c) => ({ ...c, name: localName(c, lang), href: unitUrl(c.id) })),
        childrenTotal: children.total,
        flash: options.flash ?? null,
        problems: options.refusal?.problems ?? [],
        errors: options.refusal?.byField ?? {},
        retireProblems: options.retireRefusal?.problems ?? [],
        retireErrors: options.retireRefusal?.byField ?? {},
        edit: options.edit ?? { nameVi: unit.nameVi, nameEn: unit.nameEn ?? '', unitGroup: unit.unitGroup ?? '', kind: unit.kind ?? '' },
        retire: options.retire ?? { validTo: '', reason: '' },
      },
      refusal?.status ?? 200,
    );
  }
}
