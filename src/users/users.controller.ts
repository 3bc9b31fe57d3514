import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
import { ApiDoc, invalid, notFound, refusal, STALE_VERSION } from '../auth/api-doc';
import { ErrorCode } from '../common/error-code';
import { ParseIdPipe } from '../common/validators';
import type { Page } from '../common/pagination.dto';
import { ChangePasswordDto } from './dto/change-password.dto';
import { CreateUserDto } from './dto/create-user.dto';
import { ListUsersQuery } from './dto/list-users.query';
import { ResetPasswordDto } from './dto/reset-password.dto';
import { UpdateUserDto } from './dto/update-user.dto';
import { ROLES, Role } from '../auth/role';
import { User } from './user.entity';
import { UsersService } from './users.service';

@ApiTags('users')
@ApiBearerAuth()
@Controller('api/v1/users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @ApiDoc({
    summary: 'List users',
    does: 'The accounts, a page at a time (by e-mail), optionally of one role or one unit.',
    refusals: [invalid('page, pageSize, role or unitId')],
  })
  @Get()
  @Roles(Role.Admin)
  list(@Query() query: ListUsersQuery): Promise<Page<User>> {
    return this.users.list(query);
  }

  @ApiDoc({
    summary: 'Create a user',
    does: "Creates an account with its role (an officer with its unit) and first password; audited.",
    refusals: [
      invalid('a body field (an officer has a unitId, no other role has one)'),
      refusal(ErrorCode.Conflict, 'a user with the e-mail exists'),
      refusal(ErrorCode.UnprocessableEntity, 'unitId names no unit'),
    ],
  })
  @Post()
  @Roles(Role.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<User> {
    return this.users.create(actor, dto);
  }

  @ApiDoc({ summary: 'Read your own account', does: "The signed-in user's account: e-mail, name, role, unit." })
  @Get('me')
  @Roles(...ROLES)
  me(@CurrentActor() actor: Actor): Promise<User> {
    return this.users.get(actor.userId as string);
  }

  @ApiDoc({
    summary: 'Change your own password',
    does: 'Sets a new password, given the current one; the earlier sessions end.',
    refusals: [invalid('the new password'), refusal(ErrorCode.UnprocessableEntity, 'currentPassword does not match')],
  })
  @Put('me/password')
  @Roles(...ROLES)
  @HttpCode(204)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.users.changeOwnPassword(actor, dto);
  }

  @ApiDoc({ summary: 'Read a user', does: 'One account.', refusals: [invalid('id'), notFound('user')] })
  @Get(':id')
  @Roles(Role.Admin)
  get(@Param('id', ParseIdPipe) id: string): Promise<User> {
    return this.users.get(id);
  }

  @ApiDoc({
    summary: 'Change a user',
    does: 'Changes the name, role, unit or disabled flag, given the version read; disabling ends the sessions; audited.',
    refusals: [
      invalid('id or a body field (an officer has a unitId, no other role has one)'),
      notFound('user'),
      STALE_VERSION,
      refusal(ErrorCode.Conflict, 'an administrator disables or demotes itself'),
      refusal(ErrorCode.UnprocessableEntity, 'unitId names no unit'),
    ],
  })
  @Patch(':id')
  @Roles(Role.Admin)
  update(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<User> {
    return this.users.update(actor, id, dto);
  }

  /** An administrator sets a user's new password; the user's earlier sessions end. */
  @ApiDoc({
    summary: "Reset a user's password",
    does: "An administrator sets a user's new password; the user's earlier sessions end; audited.",
    refusals: [invalid(), notFound('user'), STALE_VERSION],
  })
  @Put(':id/password')
  @Roles(Role.Admin)
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', ParseIdPipe) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<User> {
    return this.users.resetPassword(actor, id, dto);
  }
}
