// Names as French writes them: « de Blois », « d’Issy-les-Moulineaux », « du Controis-en-Sologne »,
// and identifiers derived from them (MDS-BLOIS, ccas-romorantin-lanthenay).

/** « de » before a commune's name, with elision and contraction. */
export function ofPlace(name: string): string {
  if (/^Le /.test(name)) return `du ${name.slice(3)}`;
  if (/^Les /.test(name)) return `des ${name.slice(4)}`;
  if (/^[AEIOUYÂÉÈÊÎÔHaeiouy]/.test(name) && !/^H[aâ]/.test(name)) return `d’${name}`;
  return `de ${name}`;
}

/** Letters and digits only, lower case, words joined by dashes. */
export function slug(name: string): string {
  return name.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[œŒ]/g, 'oe').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}

/** An identifier made from a name, without its article: upper case, whole words up to `max` characters. */
export function idPart(name: string, max = 20): string {
  const words = slug(name.replace(/^(?:(?:Le|La|Les)\s|L[’'])/, '')).toUpperCase().split('-');
  let id = words[0].slice(0, max);
  for (const w of words.slice(1)) {
    if (id.length + 1 + w.length > max) break;
    id += `-${w}`;
  }
  return id;
}
