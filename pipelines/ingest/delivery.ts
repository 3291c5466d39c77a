// A delivery is named <source>_<producteur>_<periode>.<ext>; options given on the command line
// win. In the inbox folder of a source, the name may leave the source out: <producteur>_<periode>.
import path from 'node:path';
import { contracts } from '../contracts/index.ts';

export interface DeliveryName {
  source?: string;
  producteur?: string;
  periode?: string;
}

/** A year, a month (2025-03), a half-year (2025-S1) or a quarter (2025-T2). */
export const PERIOD = /^\d{4}(?:-(?:0[1-9]|1[0-2]|S[12]|T[1-4]))?$/;

export function parseDeliveryName(file: string, knownSource?: string): DeliveryName {
  const stem = path.basename(file).replace(/\.(csv|txt|xlsx)$/i, '');
  // Source names contain underscores themselves (sls_demandes): match the longest known one.
  const source = Object.keys(contracts)
    .sort((a, b) => b.length - a.length)
    .find((s) => stem === s || stem.startsWith(`${s}_`));
  if (!source && !knownSource) return {};
  const rest = (source && (!knownSource || source === knownSource) ? stem.slice(source.length + 1) : stem).split('_').filter(Boolean);
  const periode = rest.length > 0 && PERIOD.test(rest[rest.length - 1]) ? rest.pop() : undefined;
  const producteur = rest.length > 0 ? rest.join('_') : undefined;
  return { source: knownSource ?? source, producteur, periode };
}
