// The schéma's engagements: targets voted by the assembly, written by the observatory in
// DIR/engagements.yaml (no code to touch). This module is their one description: the zod schema
// yields the type, the checks, the French errors (with the line of the file) and the documentation.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { LineCounter, parseDocument, isNode, type Node } from 'yaml';
import { z } from 'zod';
import type { Paths } from '../config.ts';
import '../zod-fr.ts';

/** A period as published: AAAA, AAAA-MM or AAAA-MM-JJ. */
const PERIOD = /^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$/;
const period = z.union([z.string(), z.number().int()]).transform(String).pipe(z.string().regex(PERIOD, 'une période AAAA, AAAA-MM ou AAAA-MM-JJ'));

/** Where an engagement applies: the département, every territory, or named places. */
const niveau = z.union([
  z.enum(['departement', 'territoires', 'sites', 'communes']),
  z.object({ niveau: z.enum(['departement', 'territoire', 'site', 'commune']), code: z.string().min(1) }).strict(),
]);

export const engagementSchema = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, 'un identifiant en minuscules, chiffres, - ou _').describe('Identifiant stable de l’engagement'),
  titre: z.string().min(3).describe('L’engagement en français courant, tel que l’assemblée l’a voté'),
  fiche: z.object({
    numero: z.union([z.string().min(1), z.number()]).transform(String).describe('Numéro de la fiche action du schéma'),
    titre: z.string().min(1).describe('Titre de la fiche action'),
  }).strict(),
  indicateur: z.string().regex(/^[a-z0-9_]+$/, 'l’identifiant d’un indicateur publié').describe('L’indicateur qui le mesure (voir le catalogue)'),
  dimension: z.string().default('').describe('Ventilation de l’indicateur (vide : le total)'),
  modalite: z.union([z.string(), z.number()]).transform(String).default('').describe('Modalité de la ventilation (vide : le total)'),
  niveaux: z.array(niveau).min(1).default(['departement'])
    .describe('Où il s’applique : departement, territoires (chacun), sites, communes, ou des lieux nommés {niveau, code}'),
  pas: z.enum(['mois', 'annee', 'date']).optional()
    .describe('Périodes suivies (par défaut : le mois si l’indicateur est mensuel, sinon ce qu’il publie)'),
  cible: z.number().describe('Valeur à atteindre'),
  sens: z.enum(['au_moins', 'au_plus']).describe('au_moins : la cible est un minimum ; au_plus : un maximum'),
  echeance: period.describe('Échéance (AAAA, AAAA-MM ou AAAA-MM-JJ ; fin de la période)'),
  reference: z.object({ valeur: z.number(), periode: period }).strict().optional()
    .describe('Point de départ de la trajectoire (par défaut : la première période publiée)'),
  service: z.string().min(1).describe('Service chargé de l’engagement'),
}).strict().superRefine((e, ctx) => {
  if (e.reference && endOf(e.reference.periode) >= endOf(e.echeance)) {
    ctx.addIssue({ code: 'custom', path: ['reference', 'periode'], message: 'la période de référence doit précéder l’échéance' });
  }
  if ((e.dimension === '') !== (e.modalite === '')) {
    ctx.addIssue({ code: 'custom', path: ['modalite'], message: 'dimension et modalité vont ensemble (toutes deux vides pour le total)' });
  }
});

export const engagementsSchema = z.object({
  engagements: z.array(engagementSchema),
}).strict().superRefine((file, ctx) => {
  const seen = new Set<string>();
  file.engagements.forEach((e, i) => {
    if (seen.has(e.id)) ctx.addIssue({ code: 'custom', path: ['engagements', i, 'id'], message: `l’engagement « ${e.id} » est décrit deux fois` });
    seen.add(e.id);
  });
});

export type Engagement = z.infer<typeof engagementSchema>;

export class InvalidEngagements extends Error {}

export const engagementsFile = (paths: Pick<Paths, 'dataDir'>) => path.join(paths.dataDir, 'engagements.yaml');

/** The last day of a period (AAAA → 31 décembre, AAAA-MM → last day of the month), as AAAA-MM-JJ. */
export function endOf(p: string): string {
  if (p.length === 10) return p;
  const [year, month] = p.length === 7 ? [Number(p.slice(0, 4)), Number(p.slice(5, 7))] : [Number(p), 12];
  return new Date(Date.UTC(year, month, 0)).toISOString().slice(0, 10);
}

/**
 * Reads and checks the engagements file; none means no engagement. Errors name the file, the line
 * and the field, and say what is expected, in French.
 */
export function readEngagements(file: string): Engagement[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (doc.errors.length > 0) {
    const error = doc.errors[0];
    const line = lines.linePos(error.pos[0]).line;
    throw new InvalidEngagements(`${file}, ligne ${line} : YAML illisible (${error.message.split('\n')[0]}). Vérifiez l’indentation et les deux-points.`);
  }
  const checked = engagementsSchema.safeParse(doc.toJS() ?? { engagements: [] });
  if (checked.success) return checked.data.engagements;
  const messages = checked.error.issues.map((issue) => {
    const where = lineOf(doc.getIn(issue.path, true), lines) ?? lineOf(doc.getIn(issue.path.slice(0, -1), true), lines);
    const field = issue.path.filter((p) => typeof p === 'string').join('.') || 'fichier';
    const id = issue.path[0] === 'engagements' && typeof issue.path[1] === 'number' ? engagementId(doc.toJS(), issue.path[1]) : '';
    return `${where ? `ligne ${where}, ` : ''}${id ? `engagement « ${id} », ` : ''}« ${field} » : ${issue.message}`;
  });
  throw new InvalidEngagements(`${file} : ${messages.join(' ; ')}. Corrigez le fichier puis relancez ; les engagements publiés restent ceux d’avant.`);
}

function lineOf(node: unknown, lines: LineCounter): number | undefined {
  return isNode(node) && (node as Node).range ? lines.linePos((node as Node).range![0]).line : undefined;
}

function engagementId(data: unknown, index: number): string {
  const e = (data as { engagements?: { id?: unknown }[] })?.engagements?.[index];
  return typeof e?.id === 'string' ? e.id : `n° ${index + 1}`;
}
