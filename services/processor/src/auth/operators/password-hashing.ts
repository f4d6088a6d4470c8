/**
 * Operator passwords: scrypt with a work factor well above the devices' (device-secret.hashing.ts). A device secret is
 * 32 random bytes; a password is chosen by a person and can be guessed, so each guess against a stolen users file
 * must cost real time and memory. Same storage format and constant-time check as the devices.
 */
import { MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from '@arterial/contracts/api/v1';
import { generateSecret, hashSecret, verifySecret, type ScryptHash } from '../devices/device-secret.hashing';

/** 2^15 × 8 × 128 B = 32 MiB per check, about 0.1–0.2 s here: sign-ins are rare, guesses expensive. */
export const USER_SCRYPT = { N: 1 << 15, r: 8, p: 1 } as const;

export class PasswordPolicyError extends Error {}

export function checkPasswordPolicy(password: string): void {
  if ([...password].length < MIN_PASSWORD_LENGTH) throw new PasswordPolicyError(`a password needs at least ${MIN_PASSWORD_LENGTH} characters`);
  if (password.length > MAX_PASSWORD_LENGTH) throw new PasswordPolicyError(`a password has at most ${MAX_PASSWORD_LENGTH} characters`);
}

export function hashPassword(password: string, params: { N: number; r: number; p: number } = USER_SCRYPT): ScryptHash {
  checkPasswordPolicy(password);
  return hashSecret(password, params);
}

export const verifyPassword = verifySecret;

/** A generated password: 32 random bytes, base64url (43 characters). */
export const generatePassword = generateSecret;

/**
 * Checked when the user name is unknown, so an unknown name costs the same scrypt as a wrong password and the
 * answer's timing does not tell which names exist.
 */
let decoy: ScryptHash | undefined;
export function decoyHash(params: { N: number; r: number; p: number } = USER_SCRYPT): ScryptHash {
  return (decoy ??= hashSecret(generateSecret(), params));
}
