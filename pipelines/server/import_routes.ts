// Import from the browser: choose the source, send a file, read the report of a dry run (problems
// by line and column, or for a consultation its columns mapped to the questions), confirm, then
// follow the job: the same import job as `solidata import`, on the warehouse queue, which queues
// the refresh of everything downstream when it is done.
import { randomUUID } from 'node:crypto';
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fastifyMultipart from '@fastify/multipart';
import { stringify } from 'yaml';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { makeWorkerUtils, type WorkerUtils } from 'graphile-worker';
import { contracts } from '../contracts/index.ts';
import { questionIdOf, questionnaireTemplate } from '../contracts/questionnaire.ts';
import { parseDeliveryName, PERIOD, storedImportResult } from '../ingest/delivery.ts';
import type { ImportResult } from '../ingest/import.ts';
import { installQuestionnaire, questionnairesDir } from '../ingest/inbox.ts';
import { WAREHOUSE_QUEUE, type ImportPayload } from '../runner/tasks.ts';
import type { Account } from './accounts.ts';
import { requireRole, type AppContext } from './context.ts';
import { record } from './audit.ts';
import type { Mapping } from './dry_run.ts';
import { validateApart } from './dry_run_sandbox.ts';
import { followImport, importJobKey } from './follow.ts';
import { loadedDeliveries } from './loaded_deliveries.ts';
import { rebuildEstimate } from './rebuild_estimate.ts';
import { followBody, followPage, importFormPage, messagePage, reportPage, validatedPage, type FormField } from './pages.ts';
import { purgeStale, receive, UploadError } from './uploads.ts';
import { draftFileName, type QuestionnaireDraft } from './questionnaire_draft.ts';
import { filledDraft, questionnaireFromForm, registeredQuestionnaires } from './questionnaire_form.ts';
import { questionnairePage } from './questionnaire_page.ts';

interface Upload {
  id: string;
  account: string;
  source: string;
  file_name: string;
  path: string;
  questionnaire: string | null;
  producteur: string | null;
  periode: string | null;
  /** 'questionnaire': a consultation export waiting for its questionnaire to be described in the page. */
  state: 'questionnaire' | 'validated' | 'confirmed' | 'cancelled';
  run_id: string | null;
  summary: { result: ImportResult; mapping?: Mapping; draft?: QuestionnaireDraft; described?: boolean };
}

const PRODUCER = /^[A-Za-z0-9][A-Za-z0-9-]*$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const idOf = (request: FastifyRequest) => {
  const { id } = request.params as { id?: string };
  return id && UUID.test(id) ? id : undefined;
};
const page = (reply: FastifyReply, body: string, status = 200) => reply.code(status).type('text/html; charset=utf-8').send(body);

/** What neither the file's name nor the form gave: the import took « inconnu », or a period from the file's dates. */
function guessedFields(upload: Upload): ('producteur' | 'periode')[] {
  const named = parseDeliveryName(upload.file_name, upload.source);
  return [
    ...(!upload.producteur && !named.producteur ? ['producteur' as const] : []),
    ...(!upload.periode && !named.periode ? ['periode' as const] : []),
  ];
}

export function importRoutes(ctx: AppContext) {
  return async (app: FastifyInstance) => {
    const maxBytes = ctx.settings.maxUploadMo * 1024 * 1024;
    await app.register(fastifyMultipart, { limits: { fileSize: maxBytes } });
    // This plugin's routes only: every one of them is the import's.
    app.addHook('preHandler', requireRole('import', 'permet de lire le tableau de bord, pas d’importer des fichiers.'));
    // Jobs are added through graphile-worker's own helper, opened once.
    let utils: WorkerUtils | undefined;
    app.addHook('onClose', async () => utils?.release());

    // An upload is its sender's (admins see all): another's is answered as if it did not exist.
    const owner = (request: FastifyRequest) => (request.account!.role === 'admin' ? null : request.account!.name);
    const uploadOf = async (request: FastifyRequest): Promise<Upload | undefined> => {
      const id = idOf(request);
      if (!id) return undefined;
      const { rows } = await ctx.pool.query<Upload>('SELECT * FROM solidata_auth.uploads WHERE id = $1 AND ($2::text IS NULL OR account = $2)', [id, owner(request)]);
      return rows[0];
    };
    /** Moves an upload from validated (or, to cancel it, from waiting for its questionnaire) to `state`, once: a button pressed twice does it once. */
    const settle = async (request: FastifyRequest, state: 'confirmed' | 'cancelled', runId: string | null = null): Promise<Upload | undefined> => {
      const id = idOf(request);
      if (!id) return undefined;
      const { rows } = await ctx.pool.query<Upload>(
        `UPDATE solidata_auth.uploads SET state = $2, run_id = $3, confirmed_at = CASE WHEN $2 = 'confirmed' THEN now() END
         WHERE id = $1 AND (state = 'validated' OR ($2 = 'cancelled' AND state = 'questionnaire')) AND ($4::text IS NULL OR account = $4) RETURNING *`,
        [id, state, runId, owner(request)]);
      return rows[0];
    };
    const missing = (reply: FastifyReply, account?: Account) =>
      page(reply, messagePage('Import introuvable', 'Cet envoi n’existe pas (ou plus : un fichier contrôlé mais non confirmé est oublié au bout d’un jour).', account, { href: '/import', text: 'Importer un fichier' }), 404);

    app.get('/import', (request, reply) => {
      const query = request.query as { source?: string; champ?: string };
      return page(reply, importFormPage(request.account!, { maxMo: ctx.settings.maxUploadMo, source: query.source, field: query.champ }));
    });

    // A template for the consultation team: the contract's own example, with how to fill it in.
    app.get('/import/modele-questionnaire.yaml', (_request, reply) =>
      reply
        .type('text/yaml; charset=utf-8')
        .header('content-disposition', 'attachment; filename="modele-questionnaire.yaml"')
        .send(questionnaireTemplate()));

    app.post('/import', async (request, reply) => {
      const account = request.account!;
      const form = (error: string, status = 400, source?: string, field?: { field: FormField; values: { producteur?: string; periode?: string } }) =>
        page(reply, importFormPage(account, { maxMo: ctx.settings.maxUploadMo, error, source, ...(field && { field: field.field, fieldError: error, values: field.values }) }), status);
      if (!request.isMultipart()) return form('Le formulaire doit être envoyé avec son fichier.');
      await purgeStale(ctx.pool, ctx.paths);
      let received;
      try {
        received = await receive(request, ctx.paths, maxBytes);
      } catch (error) {
        if (error instanceof UploadError) return form(error.message, error.status);
        throw error;
      }
      const { source, producteur, periode } = received.fields;
      const fail = (message: string, field?: FormField) => {
        rmSync(received.dir, { recursive: true, force: true });
        return form(message, 400, source, field && { field, values: { producteur, periode } });
      };
      if (!source || !contracts[source]) return fail('Choisissez la source du fichier.');
      if (producteur && !PRODUCER.test(producteur)) return fail(`Producteur « ${producteur} » non valide : lettres, chiffres et tirets, par exemple « ccas-blois ». Corrigez le champ « Producteur » et envoyez le fichier à nouveau.`, 'producteur');
      if (periode && !PERIOD.test(periode)) return fail(`Période « ${periode} » non valide : AAAA, AAAA-MM, AAAA-S1 ou AAAA-T1. Corrigez le champ « Période » et envoyez le fichier à nouveau.`, 'periode');
      const questionnaire = contracts[source].questions ? received.questionnaire : undefined;
      const file = received.file!;
      const fileName = path.basename(file);

      const validation = await validateApart(ctx.paths, file, { source, producteur: producteur || undefined, periode: periode || undefined, questionnaire }, ctx.settings.readLimits)
        .catch((error) => {
          rmSync(received.dir, { recursive: true, force: true });
          throw error;
        });
      if (!validation.accepted && validation.draft) {
        // Its questionnaire is to describe: the file waits (a day at most, as a validated one) for the description.
        await ctx.pool.query(
          `INSERT INTO solidata_auth.uploads (id, account, source, file_name, path, producteur, periode, state, summary)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'questionnaire', $8)`,
          [received.id, account.name, source, fileName, file, producteur || null, periode || null, JSON.stringify({ draft: validation.draft })],
        );
        await record(ctx.pool, { account: account.name, action: 'upload_questionnaire', address: request.ip, detail: { source, fichier: fileName, questions: validation.draft.questions.length } });
        return reply.redirect(`/import/${received.id}`, 303);
      }
      if (!validation.accepted) {
        // Nothing of a refused file is kept (it may hold identifying data): the page is its report.
        rmSync(received.dir, { recursive: true, force: true });
        await record(ctx.pool, {
          account: account.name, action: 'upload_refused', address: request.ip,
          detail: { source, fichier: fileName, problemes: validation.refused.problems.length },
        });
        return page(reply, reportPage(account, fileName, source, validation.refused), 422);
      }
      await ctx.pool.query(
        `INSERT INTO solidata_auth.uploads (id, account, source, file_name, path, questionnaire, producteur, periode, state, summary)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'validated', $9)`,
        [received.id, account.name, source, fileName, file, questionnaire ?? null, producteur || null, periode || null,
          JSON.stringify({ result: validation.result, mapping: validation.mapping })],
      );
      await record(ctx.pool, { account: account.name, action: 'upload_validated', address: request.ip, detail: { source, fichier: fileName, lignes: validation.result.rows } });
      return reply.redirect(`/import/${received.id}`, 303);
    });

    app.get('/import/:id', async (request, reply) => {
      const upload = await uploadOf(request);
      if (!upload) return missing(reply, request.account);
      if (upload.state === 'questionnaire') return page(reply, questionnairePage(request.account!, upload, upload.summary.draft!));
      if (upload.state === 'validated') {
        const result = storedImportResult(upload.summary.result)!;
        return page(reply, validatedPage(request.account!, upload, result, upload.summary.mapping, {
          loaded: await loadedDeliveries(ctx.pool, ctx.paths, upload.source),
          estimate: await rebuildEstimate(ctx.pool, upload.source),
          described: upload.summary.described,
          guessed: guessedFields(upload),
        }));
      }
      if (upload.state === 'cancelled') return page(reply, messagePage('Import annulé', `L’envoi de « ${upload.file_name} » a été annulé : rien n’a été chargé.`, request.account, { href: '/import', text: 'Importer un fichier' }));
      return page(reply, followPage(request.account!, { ...upload, period: upload.summary.result?.period }, await followImport(ctx.pool, ctx.graph, { run_id: upload.run_id!, source: upload.source })));
    });

    app.get('/import/:id/etat', async (request, reply) => {
      const upload = await uploadOf(request);
      if (!upload || upload.state !== 'confirmed') return reply.code(404).send({ error: 'import introuvable' });
      const status = await followImport(ctx.pool, ctx.graph, { run_id: upload.run_id!, source: upload.source });
      return reply.header('cache-control', 'no-store').send({ ...status, html: followBody(status, { source: upload.source, period: upload.summary.result?.period }) });
    });

    app.post('/import/:id/questionnaire', async (request, reply) => {
      const account = request.account!;
      const upload = await uploadOf(request);
      if (!upload) return missing(reply, account);
      if (upload.state !== 'questionnaire') return reply.redirect(`/import/${upload.id}`, 303);
      const described = questionnaireFromForm(upload.summary.draft!, (request.body ?? {}) as Record<string, string>, registeredQuestionnaires(questionnairesDir(ctx.paths)));
      if ('errors' in described) return page(reply, questionnairePage(account, upload, described.filled, described.errors), 400);
      if (!existsSync(upload.path)) {
        await ctx.pool.query(`UPDATE solidata_auth.uploads SET state = 'cancelled' WHERE id = $1`, [upload.id]);
        return page(reply, messagePage('Fichier disparu', 'Le fichier envoyé n’est plus là : envoyez-le à nouveau.', account, { href: '/import', text: 'Importer un fichier' }), 410);
      }
      const description = draftFileName(path.dirname(upload.path));
      writeFileSync(description, stringify(described.questionnaire), { mode: 0o600 });
      const validation = await validateApart(ctx.paths, upload.path,
        { source: upload.source, producteur: upload.producteur ?? undefined, periode: upload.periode ?? undefined, questionnaire: description }, ctx.settings.readLimits);
      if (validation.accepted) {
        const { rowCount } = await ctx.pool.query(
          `UPDATE solidata_auth.uploads SET state = 'validated', questionnaire = $2, summary = $3 WHERE id = $1 AND state = 'questionnaire'`,
          [upload.id, description, JSON.stringify({ result: validation.result, mapping: validation.mapping, described: true })]);
        if (rowCount) await record(ctx.pool, { account: account.name, action: 'upload_validated', address: request.ip, detail: { source: upload.source, fichier: upload.file_name, lignes: validation.result.rows } });
        return reply.redirect(`/import/${upload.id}`, 303);
      }
      // Refused with this description: when only the questions are at fault, the file waits for a
      // corrected description; anything else, and nothing of it is kept, as for any refused file.
      const questionColumns = new Set(described.questionnaire.questions.map((q) => q.id));
      const aboutQuestions = validation.refused.problems.every((p) => !p.identifying && (p.field === 'questionnaire' || (p.column !== undefined && questionColumns.has(questionIdOf(p.column) ?? ''))));
      if (aboutQuestions) {
        await ctx.pool.query(`UPDATE solidata_auth.uploads SET summary = $2 WHERE id = $1 AND state = 'questionnaire'`,
          [upload.id, JSON.stringify({ draft: filledDraft(upload.summary.draft!, (request.body ?? {}) as Record<string, string>) })]);
      } else {
        // Unless a description sent meanwhile made it valid.
        const { rowCount } = await ctx.pool.query(`UPDATE solidata_auth.uploads SET state = 'cancelled' WHERE id = $1 AND state = 'questionnaire'`, [upload.id]);
        if (rowCount) rmSync(path.dirname(upload.path), { recursive: true, force: true });
      }
      await record(ctx.pool, { account: account.name, action: 'upload_refused', address: request.ip, detail: { source: upload.source, fichier: upload.file_name, problemes: validation.refused.problems.length } });
      return page(reply, reportPage(account, upload.file_name, upload.source, validation.refused, aboutQuestions ? { href: `/import/${upload.id}`, text: 'Corriger la description du questionnaire' } : undefined), 422);
    });

    app.post('/import/:id/confirmer', async (request, reply) => {
      const account = request.account!;
      const runId = randomUUID();
      const upload = await settle(request, 'confirmed', runId);
      if (!upload) {
        const known = await uploadOf(request);
        return known ? reply.redirect(`/import/${known.id}`, 303) : missing(reply, account);
      }
      if (!existsSync(upload.path)) {
        await ctx.pool.query(`UPDATE solidata_auth.uploads SET state = 'cancelled' WHERE id = $1`, [upload.id]);
        return page(reply, messagePage('Fichier disparu', 'Le fichier envoyé n’est plus là : envoyez-le à nouveau.', account, { href: '/import', text: 'Importer un fichier' }), 410);
      }
      // A questionnaire sent with the export is kept, so that the next exports of it need none.
      if (upload.questionnaire) installQuestionnaire(ctx.paths, upload.questionnaire);
      const payload: ImportPayload = {
        runId, source: upload.source, file: upload.path,
        producteur: upload.producteur ?? undefined, periode: upload.periode ?? undefined, questionnaire: upload.questionnaire ?? undefined,
      };
      utils ??= await makeWorkerUtils({ pgPool: ctx.pool });
      await utils.addJob('importer', payload, { queueName: WAREHOUSE_QUEUE, maxAttempts: 1, jobKey: importJobKey(runId) });
      await record(ctx.pool, { account: account.name, action: 'import', address: request.ip, detail: { source: upload.source, fichier: upload.file_name, run: runId } });
      return reply.redirect(`/import/${upload.id}`, 303);
    });

    app.post('/import/:id/annuler', async (request, reply) => {
      const upload = await settle(request, 'cancelled');
      if (upload) {
        rmSync(path.dirname(upload.path), { recursive: true, force: true });
        await record(ctx.pool, { account: request.account!.name, action: 'upload_cancelled', address: request.ip, detail: { source: upload.source, fichier: upload.file_name } });
      }
      return reply.redirect('/import', 303);
    });
  };
}
