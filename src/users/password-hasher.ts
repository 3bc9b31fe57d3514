import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';
import { AppConfig } from '../config/app-config';
import { HashGate } from './hash-gate';

/**
 * argon2id with the cost from the settings (production: 64 MiB, 3 passes; tests use a small cost so that the suite
 * does not spend its time hashing). Verification reads the cost from the stored hash, so a change of cost keeps
 * every existing password working. Every hash and verification passes the process's HashGate
 * (PASSWORD_HASH_CONCURRENCY at once, PASSWORD_HASH_QUEUE waiting, the rest 429).
 */
@Injectable()
export class PasswordHasher {
  private dummy: Promise<string> | undefined;
  private readonly gate: HashGate;

  constructor(private readonly config: AppConfig) {
    this.gate = new HashGate(config.PASSWORD_HASH_CONCURRENCY, config.PASSWORD_HASH_QUEUE);
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
