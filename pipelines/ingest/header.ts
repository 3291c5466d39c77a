// How a header cell is compared with a format's column names: accents, case, spaces and dashes
// aside (« Date demande » is date_demande). A module of its own, so that the thread reading a
// workbook loads nothing else.
export const normaliseHeader = (h: string) =>
  h.replace(/^\ufeff/, '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').trim().toLowerCase().replace(/[\s-]+/g, '_');
