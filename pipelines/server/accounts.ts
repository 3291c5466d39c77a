// Accounts of the server, kept in Postgres (schema solidata_auth) with scrypt-hashed passwords.
// Three roles, each allowed what the one before is, and more: lecteur reads the dashboard,
// import also imports files, admin also manages accounts and sees runs.
import { randomBytes, scrypt as scryptCallback, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type pg from 'pg';

export const ROLES = ['lecteur', 'import', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface Account {
  name: string;
  role: Role;
  created_at: Date;
  last_login_at: Date | null;
  /** The password was given by someone else and must be changed before anything else. */
  must_change_password?: boolean;
}

/** An account operation refused, said in French for the person who asked. */
export class AccountError extends Error {}

export const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MIN_PASSWORD = 12;
/** The account made at the very first start, when there is none. */
export const FIRST_ADMIN = 'admin';

export const allows = (role: Role, needed: Role) => ROLES.indexOf(role) >= ROLES.indexOf(needed);

export async function migrateAuth(pool: pg.Pool): Promise<void> {
  // Postgres DDL, beside the code that runs it (sql/ is DuckDB's).
  await pool.query(readFileSync(new URL('./auth.sql', import.meta.url), 'utf8'));
}

// scrypt's cost: about a tenth of a second per login here, 32 MiB of memory.
const COST = { N: 1 << 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

function scrypt(password: string, salt: Buffer, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, { ...options, maxmem: 256 * options.N! * options.r! }, (error, key) => (error ? reject(error) : resolve(key))));
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, N, r, p, salt, key] = stored.split('$');
  if (scheme !== 'scrypt' || !key) return false;
  const expected = Buffer.from(key, 'base64url');
  const actual = await scrypt(password, Buffer.from(salt, 'base64url'), { N: Number(N), r: Number(r), p: Number(p) });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** A password to give once to a person: 20 characters from 120 random bits. */
export const randomPassword = () => randomBytes(15).toString('base64url');

// Checked against when the account does not exist, so that a wrong name takes as long as a wrong password.
const decoy = hashPassword(randomPassword());

export function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new AccountError(`Nom de compte « ${name} » non valide : attendu des minuscules sans accents, des chiffres, « . », « - » ou « _ » (64 caractères au plus), par exemple « marie.dupont ».`);
  }
  return name;
}

export function checkRole(role: string): Role {
  if (!(ROLES as readonly string[]).includes(role)) throw new AccountError(`Rôle « ${role} » inconnu : attendu ${ROLES.join(', ')}.`);
  return role as Role;
}

export function checkPassword(password: string): string {
  if ([...password].length < MIN_PASSWORD) throw new AccountError(`Mot de passe trop court : ${MIN_PASSWORD} caractères au moins.`);
  return password;
}

/** Creates an account; without a password, one is drawn and returned to be shown once. */
export async function addAccount(pool: pg.Pool, name: string, role: string, password?: string): Promise<{ name: string; role: Role; password: string; generated: boolean }> {
  checkName(name);
  const checkedRole = checkRole(role);
  const secret = password === undefined ? randomPassword() : checkPassword(password);
  const { rowCount } = await pool.query(
    'INSERT INTO solidata_auth.accounts (name, role, password_hash) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING',
    [name, checkedRole, await hashPassword(secret)],
  );
  if (rowCount === 0) throw new AccountError(`Le compte « ${name} » existe déjà : supprimez-le d’abord (solidata user remove ${name}) pour le recréer.`);
  return { name, role: checkedRole, password: secret, generated: password === undefined };
}

/** Removes an account and its sessions; the last admin stays, or nobody could manage accounts. */
export async function removeAccount(pool: pg.Pool, name: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    // One removal at a time, so that two admins removing each other cannot leave none.
    await client.query("SELECT pg_advisory_xact_lock(hashtext('solidata_auth.accounts'))");
    const { rows } = await client.query<{ role: Role; admins: string }>(
      `SELECT role, (SELECT count(*) FROM solidata_auth.accounts WHERE role = 'admin') AS admins FROM solidata_auth.accounts WHERE name = $1`, [name]);
    if (rows.length === 0) throw new AccountError(`Aucun compte « ${name} » (solidata user list pour les voir).`);
    if (rows[0].role === 'admin' && Number(rows[0].admins) === 1) {
      throw new AccountError(`« ${name} » est le seul compte admin : créez d’abord un autre compte admin, sans quoi plus personne ne pourrait gérer les comptes.`);
    }
    await client.query('DELETE FROM solidata_auth.accounts WHERE name = $1', [name]);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK');
    throw error;
  } finally {
    client.release();
  }
}

export async function listAccounts(pool: pg.Pool): Promise<Account[]> {
  const { rows } = await pool.query<Account>(
    `SELECT name, role, created_at, last_login_at FROM solidata_auth.accounts ORDER BY array_position($1::text[], role) DESC, name`, [ROLES]);
  return rows;
}

export async function accountNamed(pool: pg.Pool, name: string): Promise<Account | undefined> {
  const { rows } = await pool.query<Account>('SELECT name, role, created_at, last_login_at, must_change_password FROM solidata_auth.accounts WHERE name = $1', [name]);
  return rows[0];
}

/** The account when the password is its own; the same work is done whatever is wrong. */
export async function checkLogin(pool: pg.Pool, name: string, password: string): Promise<Account | undefined> {
  const { rows } = await pool.query<Account & { password_hash: string }>('SELECT * FROM solidata_auth.accounts WHERE name = $1', [name.trim().toLowerCase()]);
  const found = rows[0];
  const ok = await verifyPassword(password, found?.password_hash ?? (await decoy));
  if (!found || !ok) return undefined;
  await pool.query('UPDATE solidata_auth.accounts SET last_login_at = now() WHERE name = $1', [found.name]);
  const { password_hash: _, ...account } = found;
  return account;
}

/**
 * At the very first start, with no account at all: an admin with a random password, returned
 * to be printed once, so that a newcomer's first command still leads to a readable dashboard.
 */
export async function ensureFirstAdmin(pool: pg.Pool): Promise<{ name: string; password: string } | undefined> {
  const password = randomPassword();
  const { rowCount } = await pool.query(
    `INSERT INTO solidata_auth.accounts (name, role, password_hash, must_change_password)
     SELECT $1, 'admin', $2, true WHERE NOT EXISTS (SELECT 1 FROM solidata_auth.accounts) ON CONFLICT (name) DO NOTHING`,
    [FIRST_ADMIN, await hashPassword(password)],
  );
  return rowCount === 1 ? { name: FIRST_ADMIN, password } : undefined;
}

/**
 * Sets an account's password and closes its sessions but `keep` (the one that asked, on the
 * page): a password that leaked stops opening anything at once.
 */
export async function setPassword(pool: pg.Pool, name: string, password: string, options: { keepSession?: string; mustChange?: boolean } = {}): Promise<void> {
  checkPassword(password);
  const { rowCount } = await pool.query('UPDATE solidata_auth.accounts SET password_hash = $2, must_change_password = $3 WHERE name = $1',
    [name, await hashPassword(password), options.mustChange ?? false]);
  if (rowCount === 0) throw new AccountError(`Aucun compte « ${name} » (solidata user list pour les voir).`);
  await pool.query('DELETE FROM solidata_auth.sessions WHERE account = $1 AND token_sha256 IS DISTINCT FROM $2', [name, options.keepSession ?? null]);
}
