// The colour classes of a map (Carte.svelte, CarteDepartements.svelte): limits chosen from the
// values, then rounded as the legend writes them, so that two limits never read alike; each place is
// classed by its figure as written, so that a place that reads « 90,8 % » is never in the class
// « below 90,8 % ». Classes whose rounded limits coincide are merged.

/** Five blues from a visible light one: the lightest class must not read as the white of « non disponible ». */
export const BLEUS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

/** Which of the five blues for k classes: always the lightest and the darkest, spread between. */
const TEINTES = { 1: [2], 2: [0, 4], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4] };

export const arrondi = (v, decimales) => Math.round(v * 10 ** decimales) / 10 ** decimales;

/**
 * The classes of `valeurs` (one per place: numbers, no null): up to `n` classes of as many places
 * each, or of equal width when many places share a value (0 % or 100 %).
 * `decimales`: those the legend writes; one more is allowed when it keeps two limits apart, beyond
 * that the classes merge. `affichees`: those of the figures shown for each place.
 * Returns { limites, couleurs, decimales, mesure }: a place of value v is in class i when
 * limites[i - 1] ≤ mesure(v) < limites[i].
 */
export function classesCarte(valeurs, { decimales = 0, affichees = decimales, n = 5 } = {}) {
	const unique = (liste) => ({ limites: [], couleurs: [BLEUS[TEINTES[1][0]]], decimales, mesure: (v) => v, ...liste });
	const tri = valeurs.filter((v) => Number.isFinite(v)).map((v) => arrondi(v, affichees)).sort((a, b) => a - b);
	if (tri.length === 0 || tri[0] === tri.at(-1)) return unique();
	const [min, max] = [tri[0], tri.at(-1)];
	const quantiles = Array.from({ length: n - 1 }, (_, i) => tri[Math.floor(((i + 1) * tri.length) / n)]);
	const candidates = new Set(quantiles).size === quantiles.length ? quantiles : Array.from({ length: n - 1 }, (_, i) => min + ((i + 1) * (max - min)) / n);
	// A limit at or below the smallest figure would leave an empty first class.
	const limitesA = (d) => [...new Set(candidates.map((v) => arrondi(v, d)))].filter((v) => v > min && v <= max);
	let d = decimales;
	let limites = limitesA(d);
	if (limites.length < limitesA(d + 1).length) limites = limitesA(++d);
	// Still none (all figures within one rounding step): two classes split at the middle, written finer.
	while (limites.length === 0 && d < decimales + 6) limites = [arrondi((min + max) / 2, ++d)].filter((v) => v > min && v <= max);
	if (limites.length === 0) return unique();
	const precision = Math.max(d, affichees);
	return { limites, couleurs: TEINTES[limites.length + 1].map((i) => BLEUS[i]), decimales: d, mesure: (v) => arrondi(v, precision) };
}
