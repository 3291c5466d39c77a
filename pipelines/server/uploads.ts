// Files sent from the browser land in DIR/televersements/<generated id>/, under their own name
// made safe, streamed straight there (never to the system's temporary folder), and within the
// size limit, private to the user running Solidata. A refused or abandoned upload is deleted; a
// confirmed one is moved to DIR/traites once loaded (see runner/tasks.ts).
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import type pg from 'pg';
import type { Paths } from '../config.ts';
import { uploadsDir } from '../ingest/inbox.ts';
import { privateDir } from '../private_files.ts';

/** Said to the person who sent the form: the upload did not land. */
export class UploadError extends Error {
  constructor(message: string, readonly status = 400) {
    super(message);
  }
}

export interface Received {
  id: string;
  dir: string;
  file?: string;
  questionnaire?: string;
  fields: Record<string, string>;
}

const DELIVERY = /\.(csv|txt|xlsx)$/i;
const DESCRIPTION = /\.(ya?ml|json)$/i;

/** A name that can only be a plain file name: letters without accents, digits, « . », « - », « _ ». */
export function safeFileName(original: string): string {
  const base = original.split(/[/\\]/).pop() ?? '';
  const ext = path.extname(base).toLowerCase().replace(/[^a-z.]/g, '');
  const stem = base.slice(0, base.length - path.extname(base).length).normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[.-]+|[.-]+$/g, '').slice(0, 100);
  return `${stem || 'fichier'}${ext}`;
}

/** Streams the form's files into a new folder of DIR/televersements and collects its fields. */
export async function receive(request: FastifyRequest, paths: Paths, maxBytes: number): Promise<Received> {
  const id = randomUUID();
  const dir = path.join(uploadsDir(paths), id);
  privateDir(uploadsDir(paths));
  privateDir(dir);
  const received: Received = { id, dir, fields: {} };
  try {
    for await (const part of request.parts({ limits: { fileSize: maxBytes, files: 2, fields: 10, fieldSize: 1000, parts: 12 } })) {
      if (part.type === 'field') {
        received.fields[part.fieldname] = String(part.value ?? '').trim();
        continue;
      }
      const wanted = part.fieldname === 'fichier' ? DELIVERY : part.fieldname === 'questionnaire' ? DESCRIPTION : undefined;
      if (!wanted || !part.filename || received[part.fieldname === 'fichier' ? 'file' : 'questionnaire']) {
        part.file.resume();
        continue;
      }
      const name = safeFileName(part.filename);
      if (!wanted.test(name)) {
        part.file.resume();
        throw new UploadError(part.fieldname === 'fichier'
          ? `Le fichier « ${part.filename} » n’est ni un CSV ni un classeur XLSX : enregistrez-le au format CSV (point-virgule) ou XLSX et envoyez-le à nouveau.`
          : `La description de questionnaire « ${part.filename} » doit être un fichier .yaml (ou .json).`);
      }
      const target = path.join(dir, part.fieldname === 'fichier' ? name : `questionnaire_${name}`);
      await pipeline(part.file, createWriteStream(target, { flags: 'wx', mode: 0o600 }));
      if (part.file.truncated) throw tooLarge(maxBytes);
      if (part.fieldname === 'fichier') received.file = target;
      else received.questionnaire = target;
    }
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    if ((error as { code?: string }).code === 'FST_REQ_FILE_TOO_LARGE') throw tooLarge(maxBytes);
    if (error instanceof UploadError) throw error;
    if (/limit/i.test(String((error as { code?: string }).code))) throw new UploadError('Formulaire trop chargé : un fichier et, pour une consultation, une description de questionnaire au plus.', 413);
    throw error;
  }
  if (!received.file) {
    rmSync(dir, { recursive: true, force: true });
    throw new UploadError('Aucun fichier reçu : choisissez un fichier CSV ou XLSX.');
  }
  return received;
}

const tooLarge = (maxBytes: number) =>
  new UploadError(`Fichier trop volumineux : ${Math.round(maxBytes / 1024 / 1024)} Mo au plus. Découpez la livraison (par période) ou demandez à l’administrateur de relever la limite (serveur.televersement_max_mo).`, 413);

/**
 * Uploads validated (or waiting for their questionnaire) a day ago and never confirmed are dropped, with their files; so are folders
 * that no upload names after an hour (a request cut short).
 */
export async function purgeStale(pool: pg.Pool, paths: Paths): Promise<void> {
  const { rows } = await pool.query<{ id: string }>(
    `UPDATE solidata_auth.uploads SET state = 'cancelled' WHERE state IN ('validated', 'questionnaire') AND created_at < now() - interval '1 day' RETURNING id`);
  const root = uploadsDir(paths);
  for (const r of rows) rmSync(path.join(root, r.id), { recursive: true, force: true });
  if (!existsSync(root)) return;
  const known = new Set((await pool.query<{ id: string }>('SELECT id FROM solidata_auth.uploads')).rows.map((r) => r.id));
  for (const entry of readdirSync(root)) {
    const full = path.join(root, entry);
    if (!known.has(entry) && Date.now() - statSync(full).mtimeMs > 3600_000) rmSync(full, { recursive: true, force: true });
  }
}
