import { communeCode, month, oneOf, optional, roundedCount } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const cafAllocataires = defineContract({
  source: 'caf_allocataires',
  row: 'une prestation dans une commune pour un mois (agrégat)',
  personLevel: false,
  key: ['mois', 'code_commune', 'prestation'],
  notes: ['Comptes arrondis à 5 par la CAF ; une case vide est une case masquée par la CAF (secret), pas un zéro.'],
  shape: {
    mois: month('Mois (AAAA-MM)'),
    code_commune: communeCode('Code INSEE de la commune (COG)'),
    prestation: oneOf(['RSA', 'PPA', 'AAH', 'AL', 'AF', 'autre'], 'Prestation'),
    foyers: optional(roundedCount('Foyers allocataires (arrondi à 5 ; vide si masqué)', 5)),
    personnes_couvertes: optional(roundedCount('Personnes couvertes (arrondi à 5 ; vide si masqué)', 5)),
  },
});
export type CafAllocataire = RowOf<typeof cafAllocataires>;
