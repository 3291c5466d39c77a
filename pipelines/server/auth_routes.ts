// Login and logout. Two brakes on password guessing: a cap on login requests per address and
// minute, kept in memory, that spares the CPU the scrypt work of a flood; and refused logins
// counted in the audit log (Postgres), that bar a name from an address for a while.
import type { FastifyInstance } from 'fastify';
import { checkLogin } from './accounts.ts';
import type { AppContext } from './app.ts';
import { record, throttled, THROTTLE } from './audit.ts';
import { accountPage, loginPage } from './pages.ts';
import { closeSession, cookieOptions, openSession, SESSION_COOKIE } from './sessions.ts';

export function authRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.get('/connexion', (request, reply) => {
      const suite = safeNext((request.query as { suite?: string }).suite);
      if (request.account) return reply.redirect(suite, 303);
      return reply.type('text/html; charset=utf-8').send(loginPage({ suite }));
    });

    app.post('/connexion', {
      config: {
        rateLimit: {
          max: ctx.settings.loginsPerMinute,
          timeWindow: 60_000,
          errorResponseBuilder: (_request, context) => ({
            statusCode: 429,
            message: `Trop de tentatives de connexion depuis cette adresse : réessayez dans ${Math.ceil(context.ttl / 1000)} secondes.`,
          }),
        },
      },
    }, async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      const name = String(form.nom ?? '').trim().toLowerCase();
      const suite = safeNext(form.suite);
      const address = request.ip;
      const page = (status: number, error: string) => reply.code(status).type('text/html; charset=utf-8').send(loginPage({ suite, name, error }));
      if (await throttled(ctx.pool, name, address)) {
        await record(ctx.pool, { account: name, action: 'login_throttled', address });
        return page(429, `Trop d’essais infructueux pour ce compte depuis cette adresse : réessayez dans ${THROTTLE.minutes} minutes, ou demandez à un administrateur de vérifier votre compte.`);
      }
      const account = name ? await checkLogin(ctx.pool, name, String(form.mot_de_passe ?? '')) : undefined;
      if (!account) {
        await record(ctx.pool, { account: name || null, action: 'login_refused', address });
        return page(401, 'Nom de compte ou mot de passe incorrect.');
      }
      const session = await openSession(ctx.pool, account.name);
      await record(ctx.pool, { account: account.name, action: 'login', address });
      reply.setCookie(SESSION_COOKIE, session.token, cookieOptions(ctx.settings.https));
      return reply.redirect(suite, 303);
    });

    // A page the dashboard can link to: who is signed in, where to go, and the way out.
    app.get('/compte', (request, reply) => reply.type('text/html; charset=utf-8').send(accountPage(request.account!)));

    app.post('/deconnexion', async (request, reply) => {
      await closeSession(ctx.pool, request.cookies[SESSION_COOKIE]);
      if (request.account) await record(ctx.pool, { account: request.account.name, action: 'logout', address: request.ip });
      reply.clearCookie(SESSION_COOKIE, cookieOptions(ctx.settings.https));
      return reply.redirect('/connexion', 303);
    });
  };
}

/** Where to go after login: a path of this site only (never //elsewhere), never back to the login. */
export function safeNext(value: string | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\') || value.startsWith('/connexion')) return '/';
  return value;
}
