// The people behind the person-level files, as pseudonyms: each commune has a pool of people
// sized to its demand, and a person keeps one pseudonym and one age band in every file (the
// département's requests, its RSA entries, the CCAS aid), as a shared pseudonymisation would.
import type { TRANCHES_AGE } from '../contracts/shared.ts';
import type { Commune } from './departement.ts';
import { hashString, mix32, type Rng } from '../random.ts';

export type TrancheAge = (typeof TRANCHES_AGE)[number];

const AGES: TrancheAge[] = ['moins_25', '25_39', '40_54', '55_64', '65_plus', 'inconnue'];
// People who ask the social services: fewer of the youngest and oldest than in the population.
const AGE_SHARES = [0.12, 0.3, 0.27, 0.13, 0.13, 0.05];
const AGE_CUTS = AGE_SHARES.map((_, i) => AGE_SHARES.slice(0, i + 1).reduce((a, b) => a + b, 0));

export class People {
  private readonly base: Int32Array;
  private readonly size: Int32Array;
  private readonly key: number;
  readonly total: number;

  /** `demand[i]`: about how many requests commune i makes over the whole demo. */
  constructor(communes: Commune[], demand: number[], seed: number) {
    this.key = hashString('pseudonymes', seed);
    this.base = new Int32Array(communes.length);
    this.size = new Int32Array(communes.length);
    let next = 0;
    communes.forEach((_, i) => {
      this.base[i] = next;
      // A person comes back 1.8 times on average.
      this.size[i] = Math.max(3, Math.round(demand[i] / 1.8));
      next += this.size[i];
    });
    this.total = next;
  }

  /** A person of commune i. */
  draw(rng: Rng, commune: number): number {
    return this.base[commune] + Math.floor(rng.next() * this.size[commune]);
  }

  /** Opaque and stable; starts with a letter so that no run of digits can look like a phone number. */
  pseudo(person: number): string {
    return `u${mix32((person ^ this.key) >>> 0).toString(36).padStart(7, '0')}`;
  }

  age(person: number): number {
    const u = mix32((person + 0x51ed27) ^ this.key) / 4294967296;
    let i = 0;
    while (i < AGE_CUTS.length - 1 && u >= AGE_CUTS[i]) i++;
    return i;
  }

  static readonly ages = AGES;
}
