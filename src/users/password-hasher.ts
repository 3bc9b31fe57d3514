import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { BusyGate } from '../common/busy-gate';
import { DomainException } from '../common/domain.exception';
import { ErrorCode } from '../common/error-code';
import { AppConfig } from '../config/app-config';

/** What a refused caller is told to wait: a hash takes well under a second, so the slots turn over quickly. */
export const HASH_BUSY_RETRY_AFTER_SECONDS = 1;

/**
 * argon2id with the cost from the settings (production: 64 MiB, 3 passes; tests use a small cost so that the suite
 * does not spend its time hashing). Verification reads the cost from the stored hash, so a change of cost keeps
 * every existing password working. Every hash and verification passes the process's gate
 * (PASSWORD_HASH_CONCURRENCY at once, each holding its memory cost on a libuv thread; PASSWORD_HASH_QUEUE waiting;
 * the rest 429 PASSWORD_HASH_BUSY).
 */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | undefined;
  private readonly gate: BusyGate;

  constructor(private readonly config: AppConfig) {
    this.gate = new BusyGate(config.PASSWORD_HASH_CONCURRENCY, config.PASSWORD_HASH_QUEUE, () =>
      DomainException.retryLater(ErrorCode.PasswordHashBusy, 'the server is checking too many passwords at once', HASH_BUSY_RETRY_AFTER_SECONDS),
    );
  }

  hash(password: string): Promise<string> {
    return this.gate.run(() => this.argon2Hash(password));
  }

  verify(hash: string, password: string): Promise<boolean> {
    return this.gate.run(async () => {
      try {
        return await argon2.verify(hash, password);
      } catch {
        return false;
      }
    });
  }

  /**
   * Verified against when the e-mail is unknown, so that a wrong e-mail takes as long as a wrong password. Made once,
   * outside the gate: a refusal must not be remembered as the dummy.
   */
  dummyHash(): Promise<string> {
    this.dummy ??= this.argon2Hash(randomBytes(16).toString('hex'));
    return this.dummy;
  }

  private argon2Hash(password: string): Promise<string> {
    return argon2.hash(password, {
      type: argon2.argon2id,
      memoryCost: this.config.PASSWORD_HASH_MEMORY_KIB,
      timeCost: this.config.PASSWORD_HASH_ITERATIONS,
    });
  }
}
