// solidata accessibilite: who is within reach of a service point on foot, by public transport
// and by road, for a day and a departure window; and what opening, closing or moving a place
// would change. Works from a data directory (warehouse, else published database) or from
// explicit files (COG communes and shipped contours, a sites CSV, a GTFS feed).
import { existsSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { pathsFor } from '../config.ts';
import { log } from '../log.ts';
import { cogCommunes, cogDepartements, communeCentres, currentCodes } from '../reference/cog.ts';
import { InvalidContours, shippedContours } from '../reference/geo.ts';
import { loadConfig } from '../settings.ts';
import { coverage, accessConfigSchema, accessSettings, MODE_LABELS, MODES, type AccessConfig, type CoverageInput, type CoverageResult, type Mode } from '../transit/coverage.ts';
import { GtfsError, readGtfs, type GtfsFeed } from '../transit/gtfs.ts';
import { openDuring, parsePlace, PlacesError, readCandidatesCsv, readSitesCsv, type ServicePoint } from '../transit/places.ts';
import { communePoints, PopulationError, readFilosofiGrid, type CommuneInfo } from '../transit/population.ts';
import { chooseDay, communeCandidates, findFeed, readPublishedPlaces, readWarehousePlaces, type StoredPlaces } from '../transit/inputs.ts';
import { activeServices, feedPeriod, weekdayOf, weekdayName } from '../transit/timetable.ts';
import { networkWalker, WalkNetworkError } from '../transit/walking.ts';
import { bestToOpen, candidateGains, ScenarioError, whatIf, type Candidate, type Scenario } from '../transit/whatif.ts';
import { openDatabase, openWarehouse } from '../warehouse/duckdb.ts';
import { parseOptions, UsageError } from './options.ts';


const schema = z.object({
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

const options = {
  gtfs: { type: 'string' }, jour: { type: 'string' }, fenetre: { type: 'string' }, seuil: { type: 'string', multiple: true },
  sites: { type: 'string' }, departement: { type: 'string' }, contours: { type: 'string' }, carreaux: { type: 'string' },
  'reseau-pieton': { type: 'string' }, ouvrir: { type: 'string', multiple: true }, fermer: { type: 'string', multiple: true },
  deplacer: { type: 'string', multiple: true }, meilleurs: { type: 'string' }, candidats: { type: 'string' },
  mode: { type: 'string' }, type: { type: 'string' }, format: { type: 'string' },
} as const;

type Values = z.infer<typeof schema>;

export async function transitCommand(argv: string[]): Promise<number> {
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
  const config = readAccessConfig(values);

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

function readAccessConfig(values: Values): AccessConfig {
  // The configuration file's `proximite` block, when it holds these settings; the command line wins.
  const fromFile = loadConfig(values.config).proximite as Record<string, unknown>;
  const known = Object.fromEntries(Object.entries(fromFile).filter(([k]) => k in accessConfigSchema.shape));
  const thresholds = Object.fromEntries(values.seuil.map((s) => {
    const [mode, minutes] = s.split('=');
    return [mode, Number(minutes)];
  }));
  const parsed = accessConfigSchema.safeParse({
    ...known,
    ...(values.fenetre ? { fenetre: values.fenetre } : {}),
    seuils_minutes: { ...(known.seuils_minutes as object | undefined), ...thresholds },
  });
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((i) => `--${i.path[0] === 'fenetre' ? 'fenetre' : i.path.join('.')} : ${i.message}`).join('\n'));
  return parsed.data;
}

async function loadInputs(values: Values, config: AccessConfig): Promise<CoverageInput> {
  const paths = pathsFor(values['data-dir']);
  const fromFiles = Boolean(values.departement);
  const stored = fromFiles ? undefined : await readDataDir(paths.warehouse, paths.published);
  if (!fromFiles && !stored) {
    throw new UsageError(`Ni entrepôt ni base publiée dans ${paths.dataDir} : lancez d’abord « solidata run », ou donnez --departement NN et --sites FICHIER.`);
  }
  let communes: CommuneInfo[];
  let departement: { code: string; nom: string } | undefined;
  if (values.departement) ({ communes, departement } = cogCommunesOf(values.departement, values.contours));
  else communes = stored!.communes;
  if (communes.length === 0) throw new UsageError('Aucune commune à étudier : le référentiel des territoires est-il chargé ?');

  let sites: ServicePoint[];
  try {
    sites = values.sites ? readSitesCsv(values.sites) : stored?.sites ?? [];
  } catch (error) {
    if (error instanceof PlacesError) throw new UsageError(error.message);
    throw error;
  }
  if (sites.length === 0) throw new UsageError('Aucun lieu d’accueil : donnez --sites FICHIER (format « sites ») ou chargez-en un avec solidata import.');
  if (stored && !values.sites && !stored.hours) log.warn('Les jours et horaires des lieux ne sont pas dans la base publiée : chaque lieu est compté comme ouvert toute la journée.');

  const gtfs = values.gtfs ?? findFeed(paths.dataDir);
  let feed: GtfsFeed | undefined;
  if (gtfs) {
    try {
      feed = readGtfs(path.resolve(gtfs));
    } catch (error) {
      if (error instanceof GtfsError) throw new UsageError(error.message);
      throw error;
    }
    for (const w of feed.warnings.slice(0, 5)) log.warn(w);
  } else log.warn('Pas de flux GTFS (--gtfs) : l’accessibilité en transport en commun n’est pas calculée.');

  const date = chooseDay({ date: values.jour, feed, dataDate: stored?.dataDate });
  if (values.jour && weekdayOf(values.jour) > 4) log.warn(`Le ${values.jour} est un ${weekdayName(values.jour)} : moins de lieux et de transports que dans la semaine.`);
  if (feed) {
    const running = activeServices(feed, date);
    if (!feed.trips.some((t) => running.has(t.service_id))) {
      const period = feedPeriod(feed);
      log.warn(`Aucune course du flux ne circule le ${date}${period ? ` (le flux couvre du ${period.first} au ${period.last})` : ''} : le transport en commun n’ajoutera rien.`);
    }
  }

  let points;
  try {
    points = values.carreaux ? readFilosofiGrid(values.carreaux, communes) : communePoints(communes);
  } catch (error) {
    if (error instanceof PopulationError) throw new UsageError(error.message);
    throw error;
  }
  const settings = accessSettings(config);
  let walker;
  if (values['reseau-pieton']) {
    try {
      walker = networkWalker(values['reseau-pieton'], settings.walk);
    } catch (error) {
      if (error instanceof WalkNetworkError) throw new UsageError(error.message);
      throw error;
    }
  }
  return { points, communes, sites, date, settings, feed, walker, departement };
}

/** Communes and sites from the warehouse (read-only), else from the published database. */
async function readDataDir(warehouse: string, published: string): Promise<StoredPlaces | undefined> {
  if (existsSync(warehouse)) {
    const db = await openWarehouse(warehouse, 1000, { readOnly: true });
    try {
      return await readWarehousePlaces(db.connection);
    } catch (error) {
      log.debug(`entrepôt illisible pour l’accessibilité : ${(error as Error).message}`);
    } finally {
      db.close();
    }
  }
  if (existsSync(published)) {
    const db = await openDatabase(published, { readOnly: true });
    try {
      return await readPublishedPlaces(db.connection);
    } finally {
      db.close();
    }
  }
  return undefined;
}

/** The communes of a département from the COG, at the centres of the shipped (or given) contours. */
function cogCommunesOf(code: string, contours?: string): { communes: CommuneInfo[]; departement: { code: string; nom: string } } {
  const dep = cogDepartements().find((d) => d.code === code);
  if (!dep) throw new UsageError(`--departement ${code} : département inconnu du COG.`);
  const file = contours ?? shippedContours(code);
  if (!file) throw new UsageError(`pas de contours livrés pour le département ${code} (${dep.nom}) : donnez ceux de ses communes avec --contours FICHIER (GeoJSON, propriété « code »).`);
  const cog = cogCommunes();
  let centres;
  try {
    centres = communeCentres(file, currentCodes(cog));
  } catch (error) {
    if (error instanceof InvalidContours) throw new UsageError(error.message);
    throw error;
  }
  const communes = cog
    .filter((c) => c.type === 'commune-actuelle' && c.departement === code)
    .map((c) => ({ code: c.code, nom: c.nom, population: c.population ?? 0, lat: centres.get(c.code)?.lat ?? NaN, lon: centres.get(c.code)?.lon ?? NaN }));
  return { communes, departement: { code, nom: dep.nom } };
}

function readCandidates(file: string, type?: string): Candidate[] {
  try {
    return readCandidatesCsv(file).map((c) => ({ ...c, type: type ?? 'nouveau' }));
  } catch (error) {
    if (error instanceof PlacesError) throw new UsageError(error.message);
    throw error;
  }
}

function report(say: (text?: string) => void, result: CoverageResult, input: CoverageInput, type?: string): void {
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

function table(say: (text: string) => void, header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ').trimEnd();
  say(line(header));
  say(line(widths.map((w) => '─'.repeat(w))));
  for (const r of rows) say(line(r));
}

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const fr = (n: number) => n.toLocaleString('fr-FR', { maximumFractionDigits: 0 });
const pct = (n: number | null) => (n === null ? '—' : `${n.toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);
