// A reference Kaplan–Meier estimator in plain TypeScript, written from the definition and not from
// the SQL: each individual is a duration in days and whether the event was seen (else censored).

export interface Duree { jours: number; evenement: boolean }

/** S(t) after each event time: Π over event times tᵢ ≤ t of (1 − dᵢ/nᵢ), nᵢ = individuals with duration ≥ tᵢ. */
export function survie(durees: Duree[]): { t: number; s: number }[] {
  const times = [...new Set(durees.filter((d) => d.evenement).map((d) => d.jours))].sort((a, b) => a - b);
  let s = 1;
  return times.map((t) => {
    const n = durees.filter((d) => d.jours >= t).length;
    const deaths = durees.filter((d) => d.evenement && d.jours === t).length;
    s *= 1 - deaths / n;
    return { t, s };
  });
}

/** The q-quantile: the smallest event time with S(t) ≤ 1 − q, or null when S never falls so low ("non atteint"). */
export function quantileKM(durees: Duree[], q: number): number | null {
  // The same tolerance as the SQL: S = 0.5 exactly, reached through floating-point products, counts.
  return survie(durees).find(({ s }) => s <= 1 - q + 1e-9)?.t ?? null;
}
