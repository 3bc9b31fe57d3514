import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from './actor';
import { ROLES } from './role';
import { AuthService, LoginResult } from './auth.service';
import { CurrentActor, CurrentSession } from './current-actor.decorator';
import { LoginDto } from './dto/login.dto';
import { LogoutDto } from './dto/logout.dto';
import { Public } from './public.decorator';
import { Roles } from './roles.decorator';
import { SessionsService } from './sessions.service';
import type { TokenPayload } from './token-payload';

@ApiTags('auth')
@Controller('api/v1/auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly sessions: SessionsService,
  ) {}

  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResult> {
    return this.auth.login(dto, ip);
  }

  /** Ends every session of the token's user before they expire (with everywhere: false, this token's only). */
  @Post('logout')
  @ApiBearerAuth()
  @Roles(...ROLES)
  @HttpCode(204)
  logout(@CurrentActor() actor: Actor, @CurrentSession() session: TokenPayload, @Body() dto: LogoutDto): Promise<void> {
    return this.sessions.signOut(actor, session, dto.everywhere !== false);
  }
}
