// solidata accessibilite: who is within reach of a service point on foot, by public transport
// and by road, for a day and a departure window; and what opening, closing or moving a place
// would change. Works from a data directory (warehouse, else published database) or from
// explicit files (COG communes and shipped contours, a sites CSV, a GTFS feed).
import { loadConfig, travelConfigSchema, type TravelConfig } from '../settings.ts';
import { coverage, MODE_LABELS } from '../travel/coverage.ts';
import { communeCandidates } from '../travel/inputs.ts';
import { parsePlace } from '../travel/places.ts';
import { bestToOpen, candidateGains, ScenarioError, whatIf, type Scenario } from '../travel/whatif.ts';
import { parseOptions, UsageError } from './options.ts';
import { loadInputs, readCandidates } from './travel_inputs.ts';
import { options, schema, type Values } from './travel_options.ts';
import { fr, pct, report, sum, table } from './travel_report.ts';


export async function travelCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, options, schema);
  if (positionals.length > 0) throw new UsageError(`Argument inattendu : ${positionals[0]}.`);
  const opened = values.ouvrir.map((text, i) => {
    const p = parsePlace(text);
    if (!p) throw new UsageError(`--ouvrir ${text} : attendu « latitude,longitude » en degrés décimaux avec un point, ex. --ouvrir 47.59,1.33.`);
    return { id: `NOUVEAU-${i + 1}`, nom: `Lieu ajouté ${i + 1} (${text})`, type: values.type ?? 'nouveau', ...p };
  });
  const moved = values.deplacer.map((text) => {
    const [site, place] = text.split('=');
    const p = place ? parsePlace(place) : undefined;
    if (!site || !p) throw new UsageError(`--deplacer ${text} : attendu SITE=latitude,longitude, ex. --deplacer ANT-MER=47.70,1.49.`);
    return { site, ...p };
  });
  const config = readTravelConfig(values);

  const input = await loadInputs(values, config);
  const settings = input.settings!;
  const lines: string[] = [];
  const say = (text = '') => lines.push(text);
  const out: Record<string, unknown> = { jour: input.date, fenetre: config.fenetre, population: sum(input.points.map((p) => p.population)), seuils_minutes: settings.thresholds };

  if (values.meilleurs !== undefined) {
    const candidates = values.candidats ? readCandidates(values.candidats, values.type) : opened.length > 0 ? opened : communeCandidates(input.communes, values.type);
    const steps = scenarioStep(() => bestToOpen(input, candidates, values.meilleurs!, { mode: values.mode, type: values.type }));
    out.meilleurs = steps.map((s) => ({ rang: s.rang, id: s.candidat.id, nom: s.candidat.nom, latitude: s.candidat.lat, longitude: s.candidat.lon, population_nouvellement_couverte: s.gain, communes: s.communes, population_couverte: s.couverte, part: s.part }));
    say(`Les ${values.meilleurs} lieux à ouvrir qui couvrent le plus de monde ${MODE_LABELS[values.mode]} en ${settings.thresholds[values.mode]} min${values.type ? ` (type ${values.type})` : ''}, parmi ${fr(candidates.length)} candidats :`);
    if (steps.length === 0) say('  aucun candidat n’ajoute de population couverte.');
    for (const s of steps) say(`  ${String(s.rang).padStart(2)}. ${s.candidat.nom ?? s.candidat.id} (${s.candidat.lat.toFixed(4)}, ${s.candidat.lon.toFixed(4)}) : +${fr(s.gain)} habitants (${s.communes} commune(s)) → ${fr(s.couverte)} couverts, ${pct(s.part)}`);
  } else if (values.candidats) {
    const candidates = readCandidates(values.candidats, values.type);
    const gains = scenarioStep(() => candidateGains(input, candidates, { mode: values.mode, type: values.type }));
    out.candidats = gains.map((g) => ({ id: g.candidat.id, nom: g.candidat.nom, latitude: g.candidat.lat, longitude: g.candidat.lon, population_nouvellement_couverte: g.gain, communes: g.communes }));
    say(`Population nouvellement couverte ${MODE_LABELS[values.mode]} en ${settings.thresholds[values.mode]} min par chaque lieu candidat ouvert seul${values.type ? ` (type ${values.type})` : ''} :`);
    table(say, ['candidat', 'position', 'habitants gagnés', 'communes'], gains.map((g) => [g.candidat.nom ?? g.candidat.id, `${g.candidat.lat.toFixed(4)}, ${g.candidat.lon.toFixed(4)}`, `+${fr(g.gain)}`, fr(g.communes)]));
  } else if (opened.length > 0 || values.fermer.length > 0 || moved.length > 0) {
    const scenario: Scenario = { ouvrir: opened, fermer: values.fermer, deplacer: moved };
    const result = scenarioStep(() => whatIf(input, scenario, { type: values.type }));
    out.scenario = { bilan: result.bilan, communes: result.communes, avant: result.avant.rows.filter((r) => r.niveau !== 'commune'), apres: result.apres.rows.filter((r) => r.niveau !== 'commune') };
    say(`Scénario : ${[...opened.map((o) => `ouvrir ${o.lat},${o.lon}`), ...values.fermer.map((f) => `fermer ${f}`), ...moved.map((m) => `déplacer ${m.site} vers ${m.lat},${m.lon}`)].join(' ; ')}${values.type ? ` (lieux de type ${values.type})` : ''}`);
    table(say, ['mode', 'seuil', 'couverts avant', 'après', 'gagnés', 'perdus', 'part après'], result.bilan.map((b) => [
      MODE_LABELS[b.mode], `${settings.thresholds[b.mode]} min`, fr(b.avant), fr(b.apres), `+${fr(b.gagnee)}`, `−${fr(b.perdue)}`, pct((100 * b.apres) / Math.max(1, b.population)),
    ]));
    const changed = result.communes.slice(0, 15);
    if (changed.length > 0) {
      say();
      say('Communes les plus touchées :');
      table(say, ['mode', 'commune', 'couverts avant', 'après'], changed.map((c) => [MODE_LABELS[c.mode], `${c.nom} (${c.code})`, fr(c.avant), fr(c.apres)]));
    }
  } else {
    const result = coverage(input, { types: values.type ? [values.type] : undefined });
    Object.assign(out, { lignes: result.rows, communes_sans_lieu: result.leftOut });
    report(say, result, input, values.type);
  }

  if (values.format === 'json') console.log(JSON.stringify(out, null, 2));
  else console.log(lines.join('\n'));
  return 0;
}

/** A scenario that names an unknown site, or needs a feed that is missing, is a usage mistake. */
function scenarioStep<T>(run: () => T): T {
  try {
    return run();
  } catch (error) {
    if (error instanceof ScenarioError) throw new UsageError(error.message);
    throw error;
  }
}

function readTravelConfig(values: Values): TravelConfig {
  // The configuration file's `proximite` block, when it holds these settings; the command line wins.
  const fromFile = loadConfig(values.config).proximite as Record<string, unknown>;
  const known = Object.fromEntries(Object.entries(fromFile).filter(([k]) => k in travelConfigSchema.shape));
  const thresholds = Object.fromEntries(values.seuil.map((s) => {
    const [mode, minutes] = s.split('=');
    return [mode, Number(minutes)];
  }));
  const parsed = travelConfigSchema.safeParse({
    ...known,
    ...(values.fenetre ? { fenetre: values.fenetre } : {}),
    seuils_minutes: { ...(known.seuils_minutes as object | undefined), ...thresholds },
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path[0] === 'fenetre' ? 'fenetre' : i.path.join('.')} : ${i.message}`).join('\n'));
  return parsed.data;
}
