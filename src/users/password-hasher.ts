import { randomBytes } from 'node:crypto';
import * as argon2 from 'argon2';

/** argon2id with the library's defaults (OWASP-level memory cost). */
export const passwordHasher = {
  hash: (password: string): Promise<string> => argon2.hash(password, { type: argon2.argon2id }),
  verify: async (hash: string, password: string): Promise<boolean> => {
    try {
      return await argon2.verify(hash, password);
    } catch {
      return false;
    }
  },
};

let dummyHash: Promise<string> | undefined;

/** Verified against when the e-mail is unknown, so that a wrong e-mail takes as long as a wrong password. */
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= passwordHasher.hash(randomBytes(16).toString('hex'));
  return dummyHash;
}
