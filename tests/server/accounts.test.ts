// Accounts, sessions, the audit log and the login brake, against a real embedded Postgres.
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AccountError, addAccount, allows, checkLogin, ensureFirstAdmin, hashPassword, listAccounts, migrateAuth, removeAccount, verifyPassword,
} from '../../pipelines/server/accounts.ts';
import { recentEntries, record, throttled, THROTTLE } from '../../pipelines/server/audit.ts';
import { closeSession, openSession, sessionAccount } from '../../pipelines/server/sessions.ts';
import { testPostgres } from './postgres.ts';

let pool: pg.Pool;
let stop: () => Promise<void>;

beforeAll(async () => {
  ({ pool, stop } = await testPostgres());
});
afterAll(async () => stop?.());

describe('passwords', () => {
  it('are hashed with scrypt and a salt of their own, and checked in constant time', async () => {
    const a = await hashPassword('correct horse battery');
    const b = await hashPassword('correct horse battery');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$[\w-]+\$[\w-]+$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('correct');
    expect(await verifyPassword('correct horse battery', a)).toBe(true);
    expect(await verifyPassword('correct horse batterY', a)).toBe(false);
    expect(await verifyPassword('x', 'md5$abc')).toBe(false);
  });
});

describe('accounts', () => {
  it('creates the schema idempotently, and a first admin only when there is no account at all', async () => {
    await migrateAuth(pool);
    const first = await ensureFirstAdmin(pool);
    expect(first?.name).toBe('admin');
    expect(first!.password.length).toBeGreaterThanOrEqual(20);
    expect(await ensureFirstAdmin(pool)).toBeUndefined();
    expect((await checkLogin(pool, 'admin', first!.password))?.role).toBe('admin');
    // Printed in a terminal: to be changed at the first login.
    expect((await checkLogin(pool, 'admin', first!.password))?.must_change_password).toBe(true);
  });

  it('adds accounts with a drawn or a given password, keeping only its hash', async () => {
    const drawn = await addAccount(pool, 'ines.martin', 'import');
    expect(drawn.generated).toBe(true);
    const given = await addAccount(pool, 'louis', 'lecteur', 'un mot de passe assez long');
    expect(given.generated).toBe(false);
    const { rows } = await pool.query<{ password_hash: string }>(`SELECT password_hash FROM solidata_auth.accounts WHERE name = 'louis'`);
    expect(rows[0].password_hash).not.toContain('assez long');
    expect((await checkLogin(pool, 'ines.martin', drawn.password))?.role).toBe('import');
    expect(await checkLogin(pool, 'louis', 'un mot de passe assez long')).toMatchObject({ name: 'louis', role: 'lecteur' });
    expect((await listAccounts(pool)).map((a) => [a.name, a.role])).toEqual([['admin', 'admin'], ['ines.martin', 'import'], ['louis', 'lecteur']]);
    expect((await listAccounts(pool)).find((a) => a.name === 'louis')!.last_login_at).not.toBeNull();
  });

  it('says in French what is wrong with a name, a role, a password or a duplicate', async () => {
    await expect(addAccount(pool, 'Marie Dupont', 'import')).rejects.toThrow(/Nom de compte « Marie Dupont » non valide/);
    await expect(addAccount(pool, 'marie', 'superviseur')).rejects.toThrow(/Rôle « superviseur » inconnu : attendu lecteur, import, admin/);
    await expect(addAccount(pool, 'marie', 'import', 'court')).rejects.toThrow(/trop court : 12 caractères au moins/);
    await expect(addAccount(pool, 'louis', 'import')).rejects.toThrow(/Le compte « louis » existe déjà/);
    await expect(addAccount(pool, 'louis', 'import')).rejects.toBeInstanceOf(AccountError);
  });

  it('refuses a wrong password, an unknown name, and takes about as long for either', async () => {
    const t0 = Date.now();
    expect(await checkLogin(pool, 'louis', 'mauvais mot de passe')).toBeUndefined();
    const wrongPassword = Date.now() - t0;
    const t1 = Date.now();
    expect(await checkLogin(pool, 'personne', 'mauvais mot de passe')).toBeUndefined();
    const unknownName = Date.now() - t1;
    // Both run scrypt once: an unknown name is not answered faster.
    expect(unknownName).toBeGreaterThan(wrongPassword / 4);
  });

  it('ranks the roles: lecteur < import < admin', () => {
    expect(allows('admin', 'import')).toBe(true);
    expect(allows('import', 'import')).toBe(true);
    expect(allows('lecteur', 'import')).toBe(false);
    expect(allows('import', 'admin')).toBe(false);
  });

  it('never removes the last admin, and removing an account closes its sessions', async () => {
    await expect(removeAccount(pool, 'admin')).rejects.toThrow(/seul compte admin/);
    await expect(removeAccount(pool, 'nobody')).rejects.toThrow(/Aucun compte « nobody »/);
    const { token } = await openSession(pool, 'ines.martin');
    expect((await sessionAccount(pool, token))?.name).toBe('ines.martin');
    await removeAccount(pool, 'ines.martin');
    expect(await sessionAccount(pool, token)).toBeUndefined();
    await addAccount(pool, 'chef', 'admin');
    await removeAccount(pool, 'admin');
    expect((await listAccounts(pool)).map((a) => a.name)).toEqual(['chef', 'louis']);
  });
});

describe('sessions', () => {
  it('keep only the hash of their token, end on logout and at their expiry', async () => {
    const { token, expires } = await openSession(pool, 'louis');
    expect(token).toMatch(/^[\w-]{43}$/);
    expect(expires.getTime() - Date.now()).toBeGreaterThan(11 * 3600_000);
    const { rows } = await pool.query<{ token_sha256: string }>('SELECT token_sha256 FROM solidata_auth.sessions');
    expect(rows.some((r) => r.token_sha256 === token)).toBe(false);
    expect((await sessionAccount(pool, token))?.role).toBe('lecteur');
    expect(await sessionAccount(pool, `${token}x`)).toBeUndefined();
    expect(await sessionAccount(pool, undefined)).toBeUndefined();
    await closeSession(pool, token);
    expect(await sessionAccount(pool, token)).toBeUndefined();

    const old = await openSession(pool, 'louis', -1);
    expect(await sessionAccount(pool, old.token)).toBeUndefined();
    // The next login sweeps expired sessions away.
    await openSession(pool, 'louis');
    const left = await pool.query(`SELECT 1 FROM solidata_auth.sessions WHERE expires_at < now()`);
    expect(left.rowCount).toBe(0);
  });
});

describe('the audit log and the login brake', () => {
  it('records who did what, when and from where, newest first', async () => {
    await record(pool, { account: 'louis', action: 'login', address: '10.0.0.1' });
    await record(pool, { account: 'chef', action: 'import', address: '10.0.0.2', detail: { source: 'consultation', fichier: 'x.csv' } });
    const [last, before] = await recentEntries(pool, 2);
    expect(last).toMatchObject({ account: 'chef', action: 'import', address: '10.0.0.2', detail: { source: 'consultation', fichier: 'x.csv' } });
    expect(before).toMatchObject({ account: 'louis', action: 'login', address: '10.0.0.1' });
    expect(last.at.getTime()).toBeGreaterThanOrEqual(before.at.getTime());
  });

  it('bars a name from an address after 5 refused logins, with a wait that doubles at each further one, not from another address, until a success', async () => {
    const limits = { ...THROTTLE };
    const refuse = () => record(pool, { account: 'louis', action: 'login_refused', address: '10.0.0.9' });
    for (let i = 0; i < 4; i++) await refuse();
    expect(await throttled(pool, 'louis', '10.0.0.9', limits)).toBe(0);
    await refuse();
    const first = await throttled(pool, 'louis', '10.0.0.9', limits);
    expect(first).toBeGreaterThan(50);
    expect(first).toBeLessThanOrEqual(60);
    await refuse();
    const second = await throttled(pool, 'louis', '10.0.0.9', limits);
    expect(second).toBeGreaterThan(110);
    expect(second).toBeLessThanOrEqual(120);
    for (let i = 0; i < 10; i++) await refuse();
    expect(await throttled(pool, 'louis', '10.0.0.9', limits)).toBeLessThanOrEqual(3600);
    expect(await throttled(pool, 'louis', '10.0.0.9', limits)).toBeGreaterThan(3500);
    // Someone else's guesses do not lock the owner out from their own desk.
    expect(await throttled(pool, 'louis', '10.0.0.10', limits)).toBe(0);
    expect(await throttled(pool, 'chef', '10.0.0.9', limits)).toBe(0);
    // Once the wait is over, one more try is heard.
    await pool.query(`UPDATE solidata_auth.audit SET at = at - interval '61 minutes' WHERE address = '10.0.0.9'`);
    expect(await throttled(pool, 'louis', '10.0.0.9', limits)).toBe(0);
    // Refusals older than the window are forgotten.
    await pool.query(`UPDATE solidata_auth.audit SET at = at - interval '1 day' WHERE address = '10.0.0.9'`);
    await refuse();
    expect(await throttled(pool, 'louis', '10.0.0.9', limits)).toBe(0);
    // A success starts the count again.
    for (let i = 0; i < 4; i++) await refuse();
    await record(pool, { account: 'louis', action: 'login', address: '10.0.0.9' });
    await refuse();
    expect(await throttled(pool, 'louis', '10.0.0.9', limits)).toBe(0);
  });

  it('never bars a name because an address tried many other names (one office behind one NAT)', async () => {
    for (let i = 0; i < 200; i++) await record(pool, { account: `nom${i % 40}`, action: 'login_refused', address: '10.0.0.77' });
    expect(await throttled(pool, 'chef', '10.0.0.77')).toBe(0);
    expect(await throttled(pool, 'nom1', '10.0.0.77')).toBeGreaterThan(0);
  });
});
