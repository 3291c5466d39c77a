// Signing a browser profile in to `solidata start`, for tests that read the dashboard: the
// session cookie lands in the context, so every page opened in it is signed in.
import type { BrowserContext, Cookie } from 'playwright-core';

/** The first admin's password, as `solidata start` prints it once at the very first start. */
export const firstAdminPassword = (output: string) => /compte « admin » \(admin\) créé, mot de passe : (\S+)/.exec(output)?.[1];

/** Passwords changed at a first login, by server, account and the password printed for it. */
const changed = new Map<string, string>();

/** Session cookies by server and account: a test opening many pages signs in once, as a person does (the login brake counts). */
const sessions = new Map<string, Cookie[]>();

export async function logIn(context: BrowserContext, address: string, name: string, password: string): Promise<void> {
  const key = `${address}|${name}|${password}`;
  const known = sessions.get(key);
  if (known) {
    await context.addCookies(known);
    // Still open on the server (not logged out, not idle, server not restarted)?
    const check = await context.request.get(new URL('/compte', address).href, { maxRedirects: 0 });
    if (check.status() === 200) return;
    await context.clearCookies();
    sessions.delete(key);
  }
  const current = changed.get(key) ?? password;
  const response = await context.request.post(new URL('/connexion', address).href, { form: { nom: name, mot_de_passe: current, suite: '/' }, maxRedirects: 0 });
  if (response.status() !== 303) throw new Error(`Connexion de « ${name} » refusée (${response.status()}).`);
  // A printed password (the first admin's) must be changed before anything else: as its owner would.
  if (response.headers().location === '/compte/mot-de-passe') {
    const next = `${current} changé`;
    const done = await context.request.post(new URL('/compte/mot-de-passe', address).href, { form: { actuel: current, nouveau: next, confirmation: next } });
    if (done.status() !== 200) throw new Error(`Changement du mot de passe de « ${name} » refusé (${done.status()}).`);
    changed.set(key, next);
  }
  sessions.set(key, await context.cookies(address));
}
