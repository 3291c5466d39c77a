// Administration, for admin accounts: accounts (create with a password shown once, remove), the
// recent runs of the job queue, and the audit log.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AccountError, addAccount, listAccounts, removeAccount } from './accounts.ts';
import { requireRole, type AppContext } from './context.ts';
import { ACTION_LABELS, JOURNAL_PAGE_SIZE, journalPage, record, type AuditAction, type AuditFilter } from './audit.ts';
import { adminPage, type JournalView } from './admin_pages.ts';
import { recentRuns } from '../runner/history.ts';

export function adminRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    app.addHook('preHandler', requireRole('admin', 'ne permet pas de gérer les comptes ni de voir les travaux.'));

    const show = async (request: FastifyRequest, reply: FastifyReply, extra: { created?: { name: string; password: string }; error?: string } = {}, status = 200) =>
      reply.code(status).type('text/html; charset=utf-8').header('cache-control', 'no-store').send(adminPage(request.account!, {
        accounts: await listAccounts(ctx.pool), runs: await recentRuns(ctx.pool), journal: await journal(ctx, request.query), ...extra,
      }));

    app.get('/admin', (request, reply) => show(request, reply));

    app.post('/admin/comptes', async (request, reply) => {
      const form = (request.body ?? {}) as Record<string, string | undefined>;
      try {
        const created = await addAccount(ctx.pool, String(form.nom ?? '').trim(), String(form.role ?? ''));
        await record(ctx.pool, { account: request.account!.name, action: 'account_added', address: request.ip, detail: { compte: created.name, role: created.role } });
        return show(request, reply, { created: { name: created.name, password: created.password } }, 201);
      } catch (error) {
        if (error instanceof AccountError) return show(request, reply, { error: error.message }, 400);
        throw error;
      }
    });

    app.post('/admin/comptes/:nom/supprimer', async (request, reply) => {
      const { nom } = request.params as { nom: string };
      try {
        await removeAccount(ctx.pool, nom);
      } catch (error) {
        if (error instanceof AccountError) return show(request, reply, { error: error.message }, 400);
        throw error;
      }
      await record(ctx.pool, { account: request.account!.name, action: 'account_removed', address: request.ip, detail: { compte: nom } });
      // Removing one's own account ends one's own session with it.
      if (nom === request.account!.name) return reply.redirect('/connexion', 303);
      return reply.redirect('/admin', 303);
    });
  };
}

/**
 * The journal's page asked for by the query (?qui=…&quoi=…&depuis=AAAA-MM-JJ&jusqua=…&page=N): a value
 * that is not understood is left out of the filter, and said so above the journal.
 */
async function journal(ctx: AppContext, query: unknown): Promise<JournalView> {
  const q = (query ?? {}) as Record<string, unknown>;
  const text = (k: string) => (typeof q[k] === 'string' ? (q[k] as string).trim() : '');
  const filter: AuditFilter = {};
  const warnings: string[] = [];
  if (text('qui')) filter.account = text('qui');
  if (text('quoi')) {
    if (Object.hasOwn(ACTION_LABELS, text('quoi'))) filter.action = text('quoi') as AuditAction;
    else warnings.push(`Action « ${text('quoi')} » inconnue : toutes les actions sont montrées.`);
  }
  for (const [key, field, label] of [['depuis', 'since', 'Du'], ['jusqua', 'until', 'Au']] as const) {
    if (!text(key)) continue;
    if (isDay(text(key))) filter[field] = text(key);
    else warnings.push(`Date « ${text(key)} » (${label}) non reconnue : une date AAAA-MM-JJ est attendue ; ce critère est ignoré.`);
  }
  const asked = Number(text('page') || '1');
  const page = Number.isSafeInteger(asked) && asked >= 1 ? asked : 1;
  let shown = await journalPage(ctx.pool, filter, page);
  // Past the last page (a link kept while the filter narrowed): the last page.
  const last = Math.max(1, Math.ceil(shown.total / JOURNAL_PAGE_SIZE));
  if (page > last) shown = await journalPage(ctx.pool, filter, last);
  return { ...shown, filter, page: Math.min(page, last), warning: warnings.join(' ') || undefined };
}

/** A real calendar day written AAAA-MM-JJ (not 2025-02-30). */
function isDay(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === value;
}
