// Information loss: what the secrecy costs, per indicator, for the publication log and the bench.
import type { PublishedCell } from './base_counts.ts';

export interface Loss {
  indicateur: string;
  /** Cells that count people, and how many of them are masked. */
  cases: number;
  masquees: number;
  /** People behind those cells, and behind the masked ones. */
  personnes: number;
  personnesMasquees: number;
}

/** Loss per indicator over the current publication (editions left out), then the whole ('ensemble'). */
export function informationLoss(cells: PublishedCell[], masked: (i: number) => boolean): Loss[] {
  const by = new Map<string, Loss>();
  const all: Loss = { indicateur: 'ensemble', cases: 0, masquees: 0, personnes: 0, personnesMasquees: 0 };
  cells.forEach((c, i) => {
    if (c.effectif === null || c.edition) return;
    let l = by.get(c.indicateur);
    if (!l) by.set(c.indicateur, (l = { indicateur: c.indicateur, cases: 0, masquees: 0, personnes: 0, personnesMasquees: 0 }));
    for (const x of [l, all]) {
      x.cases++;
      x.personnes += c.effectif;
      if (masked(i)) {
        x.masquees++;
        x.personnesMasquees += c.effectif;
      }
    }
  });
  return [...[...by.values()].sort((a, b) => a.indicateur.localeCompare(b.indicateur)), all];
}

const pct = (a: number, b: number) => (b === 0 ? '–' : `${((100 * a) / b).toLocaleString('fr-FR', { minimumFractionDigits: 1, maximumFractionDigits: 1 })} %`);

/** The loss as lines of French text: indicator, masked cells (%), people in masked cells (%). */
export function formatLoss(loss: Loss[], before?: Loss[]): string[] {
  const old = new Map((before ?? []).map((l) => [l.indicateur, l]));
  return loss.map((l) => {
    const b = old.get(l.indicateur);
    const was = b ? ` (avant : ${pct(b.masquees, b.cases)}, ${pct(b.personnesMasquees, b.personnes)})` : '';
    return `${l.indicateur} : ${l.masquees.toLocaleString('fr-FR')} cases masquées sur ${l.cases.toLocaleString('fr-FR')} (${pct(l.masquees, l.cases)}), ` +
      `${pct(l.personnesMasquees, l.personnes)} des personnes${was}`;
  });
}
