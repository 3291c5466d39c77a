// A CSV cell that a spreadsheet will not run: a text starting with = + - @ (or their full-width
// forms), a tab or a carriage return is a formula to Excel and LibreOffice (« =HYPERLINK(…) »,
// « @SUM(…) », « -2+3 » sent to DDE). Such a text gets a leading apostrophe, which the spreadsheet
// shows as text; a plain number (« -3,5 », « +12 % ») is left as it is. The one rule for every CSV
// Solidata produces: the dashboard's downloads (TableauIndicateur.svelte) and `solidata sql
// --format csv` (pipelines/analyst/format_data.ts) both import it.

const DECLENCHEURS = /^[=+\-@\t\r\uff1d\uff0b\uff0d\uff20]/;
const NOMBRE = /^[+-]?\d[\d\s\u00a0\u202f]*([.,]\d+)?(\s?%)?$/;

/** The text of a cell, made inert for a spreadsheet. */
export function neutraliserFormule(texte) {
	return DECLENCHEURS.test(texte) && !NOMBRE.test(texte) ? `'${texte}` : texte;
}
