import { Body, Controller, Get, Param, Post, Query, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor } from '../auth/current-actor.decorator';
import type { Actor } from '../auth/actor';
import { DomainException } from '../common/domain.exception';
import { ParseIdPipe } from '../common/validators';
import type { ListUnitsQuery } from '../units/dto/list-units.query';
import { UNIT_LEVELS } from '../units/unit-level';
import { UnitsService } from '../units/units.service';
import { CreateUserDto, PASSWORD_RULE } from '../users/dto/create-user.dto';
import { ListUsersQuery } from '../users/dto/list-users.query';
import { ResetPasswordDto } from '../users/dto/reset-password.dto';
import { UpdateUserDto } from '../users/dto/update-user.dto';
import { ROLES, Role } from '../auth/role';
import type { UserView } from '../users/user.view';
import { UsersService } from '../users/users.service';
import { catalogRefusal, presentFields, typedFields, type FieldLabels, type Refusal } from './catalog-forms';
import { checkWithDto, formNumber, formText, type FormBody } from './form-values';
import { localName, type Lang, type MessageKey, type Translate } from './i18n';
import { doneFlash, pageLang, pageT, submitForm, validDto } from './page-handler';
import { APP_PREFIX } from './session';
import { AppPage, renderPage } from './web-auth';

const USERS_URL = `${APP_PREFIX}/admin/users`;
const userUrl = (id: string) => `${USERS_URL}/${id}`;
/** Typed back into the form after a refusal: never the password. */
const CREATE_FIELDS = ['email', 'fullName', 'role', 'unitId'] as const;
const EDIT_FIELDS = ['fullName', 'role', 'unitId'] as const;
const PAGE_SIZE = 100;

const labels = (t: Translate, prefix: string, names: readonly string[]): FieldLabels =>
  Object.fromEntries(names.map((n) => [n, { label: t(`catalog.user.${n}` as MessageKey), id: `${prefix}-${n}` }]));

/** The administrator's users: accounts, roles and units, create, disable, reset a password. */
@ApiExcludeController()
@AppPage(Role.Admin)
@Controller(`${APP_PREFIX}/admin`)
export class AdminUsersPagesController {
  constructor(
    private readonly users: UsersService,
    private readonly units: UnitsService,
  ) {}

  /** The accounts, filtered by role (ListUsersQuery's rules), by e-mail, 100 a page; the form to create one below. */
  @Get('users')
  async list(@Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    await this.renderList(res, query, null, null);
  }

  @Post('users')
  async create(@CurrentActor() actor: Actor, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed = typedFields(body, CREATE_FIELDS);
    // The password as typed (spaces are part of it), never trimmed and never shown again.
    const plain: Record<string, unknown> = { ...presentFields(typed), password: formText(body.password) };
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(CreateUserDto, plain);
        const user = await this.users.create(actor, dto);
        return `${userUrl(user.id)}?done=created`;
      },
      refused: (error, t) => catalogRefusal(error, t, labels(t, 'n', [...CREATE_FIELDS, 'password'])),
      again: (refusal) => this.renderList(res, {}, typed, refusal),
    });
  }

  @Get('users/:userId')
  async user(@Param('userId', ParseIdPipe) userId: string, @Query() query: Record<string, unknown>, @Res() res: Response): Promise<void> {
    const t = pageT(res);
    const flash = await doneFlash(formText(query.done), {
      created: () => t('catalog.user.createdOk'),
      disabled: () => t('catalog.user.disabledOk'),
      enabled: () => t('catalog.user.enabledOk'),
      password: () => t('catalog.user.passwordOk'),
      updated: () => t('catalog.user.updatedOk'),
    });
    await this.renderUser(res, userId, { flash });
  }

  /** Changes a user's name, role and unit (UsersService.update: an officer needs a unit, the others none). */
  @Post('users/:userId')
  async update(@CurrentActor() actor: Actor, @Param('userId', ParseIdPipe) userId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const typed = typedFields(body, EDIT_FIELDS);
    // No unit chosen is null: the API's way to unbind one (refused for an officer by the service, naming unitId).
    const plain: Record<string, unknown> = { version: formNumber(formText(body.version)), fullName: typed.fullName, role: typed.role, unitId: typed.unitId || null };
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(UpdateUserDto, plain);
        await this.users.update(actor, userId, dto);
        return `${userUrl(userId)}?done=updated`;
      },
      refused: (error, t) => catalogRefusal(error, t, labels(t, 'e', [...EDIT_FIELDS, 'version'])),
      again: (refusal) => this.renderUser(res, userId, { editRefusal: refusal, edit: typed }),
    });
  }

  /** Disables or enables an account (UsersService.update with `disabled`): a disabled user's sessions end at once. */
  @Post('users/:userId/disabled')
  async setDisabled(@CurrentActor() actor: Actor, @Param('userId', ParseIdPipe) userId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const disabled = formText(body.disabled);
    const plain = { version: formNumber(formText(body.version)), disabled: disabled === 'true' ? true : disabled === 'false' ? false : disabled };
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(UpdateUserDto, plain);
        const user = await this.users.update(actor, userId, dto);
        return `${userUrl(userId)}?done=${user.disabled ? 'disabled' : 'enabled'}`;
      },
      refused: (error, t) => catalogRefusal(error, t, labels(t, 's', ['disabled', 'version'])),
      again: (refusal) => this.renderUser(res, userId, { refusal }),
    });
  }

  /** Sets a new password (UsersService.resetPassword, the API's password rules); the user's earlier sessions end. */
  @Post('users/:userId/password')
  async resetPassword(@CurrentActor() actor: Actor, @Param('userId', ParseIdPipe) userId: string, @Body() body: FormBody, @Res() res: Response): Promise<void> {
    const plain = { version: formNumber(formText(body.version)), newPassword: formText(body.newPassword) };
    await submitForm(res, {
      act: async () => {
        const dto = await validDto(ResetPasswordDto, plain);
        await this.users.resetPassword(actor, userId, dto);
        return `${userUrl(userId)}?done=password`;
      },
      refused: (error, t) => catalogRefusal(error, t, labels(t, 'p', ['newPassword', 'version'])),
      again: (refusal) => this.renderUser(res, userId, { passwordRefusal: refusal }),
    });
  }

  /** Names of the units of these users, in the page's language. */
  private async unitNames(users: UserView[], lang: Lang): Promise<Map<string, string>> {
    const ids = [...new Set(users.map((u) => u.unitId).filter((id): id is string => id !== null))];
    const units = await Promise.all(ids.map((id) => this.units.get(id)));
    return new Map(units.map((u) => [u.id, `${u.code} · ${localName(u, lang)}`]));
  }

  /** The units an officer may be bound to: those valid today, by level, in Vietnamese name order. */
  private async unitChoices(lang: Lang): Promise<Array<{ level: string; units: Array<{ id: string; label: string }> }>> {
    const today = new Date().toISOString().slice(0, 10);
    const lists = await Promise.all(UNIT_LEVELS.map((level) => this.units.list({ level, validOn: today, page: 1, pageSize: 500 } as ListUnitsQuery)));
    return UNIT_LEVELS.map((level, i) => ({ level, units: lists[i].items.map((u) => ({ id: u.id, label: `${u.code} · ${localName(u, lang)}` })) })).filter(
      (g) => g.units.length > 0,
    );
  }

  private async renderList(res: Response, query: Record<string, unknown>, typed: Record<string, string> | null, refusal: Refusal | null): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const role = formText(query.role).trim();
    const plain: Record<string, unknown> = { page: formNumber(formText(query.page)) ?? 1, pageSize: PAGE_SIZE };
    if (role) plain.role = role;
    const checked = await checkWithDto(ListUsersQuery, plain);
    const filterRefusal = checked.problems.length ? catalogRefusal(DomainException.validation(checked.problems), t, labels(t, 'f', ['role'])) : null;
    const page = filterRefusal ? null : await this.users.list(checked.dto);
    const pages = page ? Math.max(1, Math.ceil(page.total / page.pageSize)) : 1;
    const link = (n: number) => `${USERS_URL}?${new URLSearchParams({ ...(role ? { role } : {}), page: String(n) }).toString()}`;
    const names = await this.unitNames(page?.items ?? [], lang);
    await renderPage(
      res,
      'app/admin-users.njk',
      {
        title: t('catalog.users.title'),
        roles: ROLES,
        role,
        filterProblems: filterRefusal?.problems ?? [],
        page,
        pages,
        users: (page?.items ?? []).map((u) => ({ ...u, unitName: u.unitId ? (names.get(u.unitId) ?? u.unitId) : null, href: userUrl(u.id) })),
        prev: page && page.page > 1 ? link(page.page - 1) : null,
        next: page && page.page < pages ? link(page.page + 1) : null,
        typed: typed ?? { email: '', fullName: '', role: Role.Officer, unitId: '' },
        unitChoices: await this.unitChoices(lang),
        passwordRule: PASSWORD_RULE,
        problems: refusal?.problems ?? [],
        errors: refusal?.byField ?? {},
      },
      refusal?.status ?? filterRefusal?.status ?? 200,
    );
  }

  private async renderUser(
    res: Response,
    userId: string,
    options: { flash?: string | null; refusal?: Refusal; passwordRefusal?: Refusal; editRefusal?: Refusal; edit?: Record<string, string> },
  ): Promise<void> {
    const t = pageT(res);
    const lang = pageLang(res);
    const user = await this.users.get(userId);
    const names = await this.unitNames([user], lang);
    const refusal = options.refusal ?? options.passwordRefusal ?? options.editRefusal;
    await renderPage(
      res,
      'app/admin-user.njk',
      {
        title: user.fullName,
        account: user,
        unitName: user.unitId ? (names.get(user.unitId) ?? user.unitId) : null,
        unitHref: user.unitId ? `${APP_PREFIX}/admin/units/${user.unitId}` : null,
        passwordRule: PASSWORD_RULE,
        flash: options.flash ?? null,
        problems: options.refusal?.problems ?? [],
        passwordProblems: options.passwordRefusal?.problems ?? [],
        passwordError: options.passwordRefusal?.byField.newPassword ?? null,
        roleName: t(`role.${user.role}` as MessageKey),
        roles: ROLES,
        unitChoices: await this.unitChoices(lang),
        edit: options.edit ?? { fullName: user.fullName, role: user.role, unitId: user.unitId ?? '' },
        editProblems: options.editRefusal?.problems ?? [],
        editErrors: options.editRefusal?.byField ?? {},
      },
      refusal?.status ?? 200,
    );
  }
}
