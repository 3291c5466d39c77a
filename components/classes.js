// The colour classes of a map (Carte.svelte, CarteDepartements.svelte): limits chosen from the
// values, then rounded as the legend writes them, so that two limits never read alike and every
// figure falls in the class its legend says. Classes whose rounded limits coincide are merged.

/** Five blues from a visible light one: the lightest class must not read as the white of « non disponible ». */
export const BLEUS = ['#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

/** Which of the five blues for k classes: always the lightest and the darkest, spread between. */
const TEINTES = { 1: [2], 2: [0, 4], 3: [0, 2, 4], 4: [0, 1, 3, 4], 5: [0, 1, 2, 3, 4] };

const arrondi = (v, decimales) => Math.round(v * 10 ** decimales) / 10 ** decimales;

/**
 * The classes of `valeurs` (numbers, no null): up to `n` classes of as many places each, or of equal
 * width when many places share a value (0 % or 100 %). `decimales`: those the legend writes; one more
 * is allowed when it keeps two limits apart, beyond that the classes merge.
 * Returns { limites, couleurs, decimales }: a value v is in class i when limites[i - 1] ≤ v < limites[i].
 */
export function classesCarte(valeurs, { decimales = 0, n = 5 } = {}) {
	const tri = [...valeurs].filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
	if (tri.length === 0 || tri[0] === tri.at(-1)) return { limites: [], couleurs: [BLEUS[TEINTES[1][0]]], decimales };
	const [min, max] = [tri[0], tri.at(-1)];
	const quantiles = Array.from({ length: n - 1 }, (_, i) => tri[Math.floor(((i + 1) * tri.length) / n)]);
	const candidates = new Set(quantiles).size === quantiles.length ? quantiles : Array.from({ length: n - 1 }, (_, i) => min + ((i + 1) * (max - min)) / n);
	// A limit at or below the smallest value would leave an empty first class.
	const limitesA = (d) => [...new Set(candidates.map((v) => arrondi(v, d)))].filter((v) => v > min && v <= max);
	let choisies = limitesA(decimales);
	let d = decimales;
	if (choisies.length < limitesA(decimales + 1).length) {
		d = decimales + 1;
		choisies = limitesA(d);
	}
	// Still none (all values within one rounding step): two classes split at the middle, written finer.
	if (choisies.length === 0) {
		for (d = decimales + 1; d < decimales + 6 && choisies.length === 0; d++) choisies = [arrondi((min + max) / 2, d)].filter((v) => v > min && v <= max);
		d--;
	}
	return { limites: choisies, couleurs: TEINTES[choisies.length + 1].map((i) => BLEUS[i]), decimales: d };
}
