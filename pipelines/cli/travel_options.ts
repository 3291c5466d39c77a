// The options of solidata accessibilite: their checks (French messages), their parsing (the help text is in help.ts).
import { z } from 'zod';
import { MODES } from '../travel/coverage.ts';

export const schema = z.object({
  'data-dir': z.string().min(1),
  config: z.string().optional(),
  gtfs: z.string().min(1).optional(),
  jour: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'une date AAAA-MM-JJ').refine((d) => !Number.isNaN(Date.parse(d)), 'cette date n’existe pas').optional(),
  fenetre: z.string().optional(),
  seuil: z.array(z.string()).default([]).superRefine((xs, ctx) => {
    for (const x of xs.filter((v) => !/^(marche|transport_commun|route)=\d{1,3}$/.test(v))) ctx.addIssue({ code: 'custom', message: `« ${x} » — attendu : MODE=MINUTES, ex. marche=20 (modes : marche, transport_commun, route)` });
  }),
  sites: z.string().min(1).optional(),
  departement: z.string().regex(/^(?:\d{2}|2[AB]|97\d)$/, 'un code de département (ex. 41)').optional(),
  contours: z.string().min(1).optional(),
  carreaux: z.string().min(1).optional(),
  'reseau-pieton': z.string().min(1).optional(),
  ouvrir: z.array(z.string()).default([]),
  fermer: z.array(z.string().min(1)).default([]),
  deplacer: z.array(z.string()).default([]),
  meilleurs: z.string().regex(/^\d{1,3}$/, 'un nombre entier').transform(Number).pipe(z.number().int().min(1, 'au moins 1')).optional(),
  candidats: z.string().min(1).optional(),
  mode: z.enum(MODES).default('marche'),
  type: z.string().min(1).optional(),
  format: z.enum(['table', 'json'], { message: 'attendu : table ou json' }).default('table'),
});

export const options = {
  gtfs: { type: 'string' }, jour: { type: 'string' }, fenetre: { type: 'string' }, seuil: { type: 'string', multiple: true },
  sites: { type: 'string' }, departement: { type: 'string' }, contours: { type: 'string' }, carreaux: { type: 'string' },
  'reseau-pieton': { type: 'string' }, ouvrir: { type: 'string', multiple: true }, fermer: { type: 'string', multiple: true },
  deplacer: { type: 'string', multiple: true }, meilleurs: { type: 'string' }, candidats: { type: 'string' },
  mode: { type: 'string' }, type: { type: 'string' }, format: { type: 'string' },
} as const;

export type Values = z.infer<typeof schema>;
