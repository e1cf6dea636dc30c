/** scrypt password hashes: "scrypt$N$r$p$salt$hash" (base64url), so the cost can rise without breaking old hashes. */
import { scrypt, randomBytes, timingSafeEqual } from 'node:crypto';

const KEYLEN = 32;
/** N = 2^16, r = 8, p = 1: about 64 MiB and ~0.1–0.2 s a hash here. */
let defaultCost = { N: 2 ** 16, r: 8, p: 1 };

/** Tests lower the cost to keep the suite fast; the format keeps each hash's own parameters. */
export function setPasswordCostForTests(N: number) {
  defaultCost = { ...defaultCost, N };
}

function derive(password: string, salt: Buffer, N: number, r: number, p: number): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFKC'), salt, KEYLEN, { N, r, p, maxmem: 256 * N * r + 1024 * 1024 }, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = defaultCost;
  const key = await derive(password, salt, N, r, p);
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, salt, hash] = parts;
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), Number(n), Number(r), Number(p));
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash to compare against when the account does not exist, so timing does not reveal which emails are users. */
let dummyHash: Promise<string> | undefined;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}
