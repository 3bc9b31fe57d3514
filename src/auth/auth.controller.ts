import { Body, Controller, HttpCode, Ip, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Actor } from './actor';
import { ApiDoc, invalid, refusal } from './api-doc';
import { ErrorCode } from '../common/error-code';
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

  @ApiDoc({
    summary: 'Sign in',
    does: 'Exchanges an e-mail and password for a Bearer token (JWT) to send as `Authorization: Bearer …` on every other call.',
    refusals: [
      invalid('email or password'),
      refusal(ErrorCode.InvalidCredentials, 'the e-mail or the password is wrong, or the account is disabled'),
      refusal(ErrorCode.TooManyLoginFailures, 'too many failures for the account or from the address (details.scope, Retry-After)'),
      refusal(ErrorCode.PasswordHashBusy, 'the server is checking too many passwords at once (Retry-After)'),
    ],
    requestExample: { email: 'admin@dti.local', password: 'correct horse battery staple' },
    responseExample: {
      accessToken: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9…',
      tokenType: 'Bearer',
      expiresIn: 28800,
      user: { id: '0b9e6c1e-3f0a-4c41-9d5e-2f1a7c1d9e01', email: 'admin@dti.local', fullName: 'Nguyễn Văn An', role: 'admin', unitId: null },
    },
  })
  @Post('login')
  @Public()
  @HttpCode(200)
  login(@Body() dto: LoginDto, @Ip() ip: string): Promise<LoginResult> {
    return this.auth.login(dto, ip);
  }

  /** Ends every session of the token's user before they expire (with everywhere: false, this token's only). */
  @ApiDoc({
    summary: 'Sign out',
    does: "Ends every session of the token's user at once (with `everywhere: false`, this token's only); the tokens are refused from then on.",
    refusals: [invalid('everywhere')],
  })
  @Post('logout')
  @ApiBearerAuth()
  @Roles(...ROLES)
  @HttpCode(204)
  logout(@CurrentActor() actor: Actor, @CurrentSession() session: TokenPayload, @Body() dto: LogoutDto): Promise<void> {
    return this.sessions.signOut(actor, session, dto.everywhere !== false);
  }
}
