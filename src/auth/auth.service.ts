import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '../config/app-config';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { PasswordHasher } from '../users/password-hasher';
import { UsersService } from '../users/users.service';
import type { LoginDto } from './dto/login.dto';
import { LoginThrottleService } from './login-throttle.service';
import { passwordChangeClaim, type TokenPayload } from './token-payload';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; email: string; fullName: string; role: string; unitId: string | null };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly jwt: JwtService,
    private readonly throttle: LoginThrottleService,
    private readonly config: AppConfig,
    private readonly passwordHasher: PasswordHasher,
  ) {}

  async login(dto: LoginDto, ip: string): Promise<LoginResult> {
    await this.throttle.assertAllowed(dto.email, ip);
    const user = await this.users.findForLogin(dto.email);
    const valid = await this.passwordHasher.verify(user?.passwordHash ?? (await this.passwordHasher.dummyHash()), dto.password);
    // A disabled account answers like a wrong password: a login must not reveal which accounts exist.
    if (!user || !valid || user.disabled) {
      await this.throttle.recordFailure(dto.email, ip);
      throw new DomainException(ErrorCode.InvalidCredentials, 'email or password is wrong');
    }
    await this.throttle.clear(dto.email, ip);
    const payload: TokenPayload = { sub: user.id, role: user.role, unitId: user.unitId, pwc: passwordChangeClaim(user) };
    return {
      accessToken: await this.jwt.signAsync(payload),
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      user: { id: user.id, email: user.email, fullName: user.fullName, role: user.role, unitId: user.unitId },
    };
  }
}
