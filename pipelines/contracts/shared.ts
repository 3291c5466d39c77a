// Value lists shared by several exchange formats.
export const TRANCHES_AGE: ['moins_25', '25_39', '40_54', '55_64', '65_plus', 'inconnue'] =
  ['moins_25', '25_39', '40_54', '55_64', '65_plus', 'inconnue'];
