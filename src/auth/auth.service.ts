import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/app-config';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AccountDirectory, type Account } from './account-directory';
import type { LoginDto } from './dto/login.dto';
import { LoginThrottleService } from './login-throttle.service';
import { SessionsService } from './sessions.service';

export interface LoginResult {
  accessToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: { id: string; email: string; fullName: string; role: string; unitId: string | null };
}

@Injectable()
export class AuthService {
  constructor(
    private readonly accounts: AccountDirectory,
    private readonly sessions: SessionsService,
    private readonly throttle: LoginThrottleService,
    private readonly config: AppConfig,
  ) {}

  /**
   * Checks the password under both login limits: the account's (read first) and the client address's, which
   * counts this attempt before the password is checked and gives the place back unless the attempt fails (a refusal
   * by the password-hash gate is no failed login).
   */
  async login(dto: LoginDto, ip: string): Promise<LoginResult> {
    await this.throttle.assertAllowed(dto.email, ip);
    await this.throttle.reserveAddress(ip);
    let user: Account | null;
    try {
      user = await this.accounts.findByPassword(dto.email, dto.password);
    } catch (error) {
      await this.throttle.releaseAddress(ip);
      throw error;
    }
    // A disabled account answers like a wrong password: a login must not reveal which accounts exist.
    if (!user || user.disabled) {
      await this.throttle.recordFailure(dto.email, ip);
      throw new DomainException(ErrorCode.InvalidCredentials, 'email or password is wrong');
    }
    await Promise.all([this.throttle.clear(dto.email, ip), this.throttle.releaseAddress(ip)]);
    return {
      accessToken: await this.sessions.issue(user),
      tokenType: 'Bearer',
      expiresIn: this.config.JWT_TTL_SECONDS,
      user: { id: user.id, email: user.email, fullName: user.fullName, role: user.role, unitId: user.unitId },
    };
  }
}
