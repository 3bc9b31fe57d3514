import { Body, Controller, Get, HttpCode, Param, Patch, Post, Put, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentActor } from '../auth/current-actor.decorator';
import { Roles } from '../auth/roles.decorator';
import type { Actor } from '../auth/actor';
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

  @Get()
  @Roles(Role.Admin)
  list(@Query() query: ListUsersQuery): Promise<Page<User>> {
    return this.users.list(query);
  }

  @Post()
  @Roles(Role.Admin)
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<User> {
    return this.users.create(actor, dto);
  }

  @Get('me')
  @Roles(...ROLES)
  me(@CurrentActor() actor: Actor): Promise<User> {
    return this.users.get(actor.userId as string);
  }

  @Put('me/password')
  @Roles(...ROLES)
  @HttpCode(204)
  changePassword(@CurrentActor() actor: Actor, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.users.changeOwnPassword(actor, dto);
  }

  @Get(':id')
  @Roles(Role.Admin)
  get(@Param('id', ParseIdPipe) id: string): Promise<User> {
    return this.users.get(id);
  }

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
