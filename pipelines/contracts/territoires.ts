import { communeCode, text } from './columns.ts';
import { defineContract, type RowOf } from './contract.ts';

export const territoires = defineContract({
  source: 'territoires',
  row: 'une commune et son territoire d’action sociale',
  personLevel: false,
  key: ['code_commune'],
  shape: {
    code_commune: communeCode('Code INSEE de la commune (COG)'),
    territoire: text('Territoire d’action sociale de la commune'),
  },
});
export type Territoire = RowOf<typeof territoires>;
