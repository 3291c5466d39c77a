// The coverage report of solidata accessibilite, as a French table, and the number formats it uses.
import { openDuring } from '../travel/places.ts';
import { MODE_LABELS, type CoverageInput, type CoverageResult, type Mode } from '../travel/coverage.ts';

export function report(say: (text?: string) => void, result: CoverageResult, input: CoverageInput, type?: string): void {
  const d = new Date(`${result.date}T00:00:00Z`).toLocaleDateString('fr-FR', { weekday: 'long', day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dep = result.rows.find((r) => r.niveau === 'departement');
  say(`Accessibilité des lieux d’accueil — ${dep?.libelle ?? ''}, ${d}, départs de ${result.fenetre.replace('-', ' à ')}`);
  say(`Population : ${fr(sum(input.points.map((p) => p.population)))} habitants (${input.points.length === input.communes.length ? 'centres des communes' : `${fr(input.points.length)} carreaux`}) ; lieux ouverts ce jour-là dans la plage : ${fr(openCount(input))} sur ${fr(input.sites.length)}.`);
  say();
  const all = type ?? '';
  const byMode = result.modes.map((mode) => {
    const r = result.rows.find((x) => x.mode === mode && x.niveau === 'departement' && x.type_lieu === all)!;
    const left = result.leftOut.filter((l) => l.mode === mode && l.type_lieu === all).length;
    return [MODE_LABELS[mode], `${r.seuil_minutes} min`, fr(r.population_couverte), pct(r.part), fr(r.population_non_couverte), fr(left)];
  });
  table(say, ['mode', 'seuil', 'population couverte', 'part', 'non couverte', 'communes sans lieu'], byMode);
  if (!type) {
    say();
    say('Par type de lieu (part de la population couverte) :');
    const types = [...new Set(result.rows.map((r) => r.type_lieu).filter(Boolean))];
    table(say, ['type de lieu', ...result.modes.map((m) => MODE_LABELS[m])], types.map((t) => [t, ...result.modes.map((m) => pct(result.rows.find((r) => r.mode === m && r.niveau === 'departement' && r.type_lieu === t)?.part ?? null))]));
  }
  const territories = [...new Set(result.rows.filter((r) => r.niveau === 'territoire').map((r) => r.code))];
  if (territories.length > 0) {
    say();
    say(`Par territoire (part de la population couverte, ${type ? `lieux de type ${type}` : 'tous lieux'}) :`);
    table(say, ['territoire', ...result.modes.map((m) => MODE_LABELS[m])], territories.map((t) => [t, ...result.modes.map((m) => pct(result.rows.find((r) => r.mode === m && r.niveau === 'territoire' && r.code === t && r.type_lieu === all)?.part ?? null))]));
  }
  const mode: Mode = result.modes.includes('transport_commun') ? 'transport_commun' : 'marche';
  const left = result.leftOut.filter((l) => l.mode === mode && l.type_lieu === all);
  if (left.length > 0) {
    say();
    say(`Communes sans aucun lieu ${MODE_LABELS[mode]} en ${input.settings!.thresholds[mode]} min : ${fr(left.length)} (${fr(sum(left.map((l) => l.population)))} habitants) ; les plus peuplées :`);
    for (const l of left.slice(0, 10)) say(`  ${l.nom} (${l.code}${l.territoire ? `, ${l.territoire}` : ''}) : ${fr(l.population)} habitants`);
  }
}

const openCount = (input: CoverageInput) => input.sites.filter((s) => openDuring(s, input.date, input.settings!.window.from, input.settings!.window.to)).length;

export function table(say: (text: string) => void, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  say(line(header));
  say(line(widths.map((w) => '─'.repeat(w))));
  for (const r of rows) say(line(r));
}

export const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const fr = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 0 });
export const pct = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
