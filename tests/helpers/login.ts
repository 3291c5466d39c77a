// Signing a browser profile in to `solidata start`, for tests that read the dashboard: the
// session cookie lands in the context, so every page opened in it is signed in.
import type { BrowserContext } from 'playwright-core';

/** The first admin's password, as `solidata start` prints it once at the very first start. */
export const firstAdminPassword = (output: string) => /compte « admin » \(admin\) créé, mot de passe : (\S+)/.exec(output)?.[1];

export async function logIn(context: BrowserContext, address: string, name: string, password: string): Promise<void> {
  const response = await context.request.post(new URL('/connexion', address).href, { form: { nom: name, mot_de_passe: password, suite: '/' }, maxRedirects: 0 });
  if (response.status() !== 303) throw new Error(`Connexion de « ${name} » refusée (${response.status()}).`);
}
