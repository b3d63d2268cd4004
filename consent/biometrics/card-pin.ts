import crypto from 'node:crypto';
import { BadUserInputError } from '../../platform/errors.js';

/**
 * City-card PINs: how a citizen confirms, at a service centre, that an official may enrol their face. A PIN is 4 to 8
 * digits; only a slow salted hash of it is kept (scrypt, RFC 7914), and that sealed (pin-store.ts). Pure apart from
 * the CPU the hash costs, which is the point: 160-620 ms a guess measured here (a shared 2-core machine under load).
 */
export const PIN_PATTERN = /^\d{4,8}$/;
const SCRYPT = { N: 1 << 14, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const HASH_BYTES = 32;
/** Wrong PINs in a row before the card is locked for PIN_LOCK_MINUTES; a right PIN resets the count. */
export const PIN_MAX_FAILURES = 5;
export const PIN_LOCK_MINUTES = 15;

function scrypt(pin: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    crypto.scrypt(pin, salt, HASH_BYTES, { ...params, maxmem: 64 * 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

/** Refuses anything but 4 to 8 digits, before any hashing; the message never repeats the value. */
export function checkPinShape(pin: string, argument = 'pin'): string {
  if (typeof pin !== 'string' || !PIN_PATTERN.test(pin)) throw new BadUserInputError(`"${argument}" is the card's PIN: 4 to 8 digits.`, { argument });
  return pin;
}

/** `scrypt$N$r$p$salt$hash`, salt and hash base64url. */
export async function hashPin(pin: string): Promise<string> {
  checkPinShape(pin);
  const salt = crypto.randomBytes(SALT_BYTES);
  const hash = await scrypt(pin, salt, SCRYPT);
  return ['scrypt', SCRYPT.N, SCRYPT.r, SCRYPT.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

/** Whether `pin` is the one hashed in `encoded`; compared in constant time. A malformed record never matches. */
export async function pinMatches(pin: string, encoded: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = encoded.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt(pin, Buffer.from(salt, 'base64url'), { N: Number(n), r: Number(r), p: Number(p) });
  return expected.length === actual.length && crypto.timingSafeEqual(expected, actual);
}

/** The same work as checking a PIN, for a card with no PIN: an unknown card takes as long as a wrong PIN. */
export async function spendPinCheck(pin: string): Promise<void> {
  await scrypt(pin, Buffer.alloc(SALT_BYTES), SCRYPT);
}
