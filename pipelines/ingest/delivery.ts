// A delivery is named <source>_<producteur>_<periode>.<ext>; options given on the command line win.
import path from 'node:path';
import { contracts } from '../contracts/index.ts';

export interface DeliveryName {
  source?: string;
  producteur?: string;
  periode?: string;
}

const PERIOD = /^\d{4}(?:-(?:\d{2}|S[12]|T[1-4]))?$/;

export function parseDeliveryName(file: string): DeliveryName {
  const stem = path.basename(file).replace(/\.(csv|txt|xlsx)$/i, '');
  // Source names contain underscores themselves (sls_demandes): match the longest known one.
  const source = Object.keys(contracts)
    .sort((a, b) => b.length - a.length)
    .find((s) => stem === s || stem.startsWith(`${s}_`));
  if (!source) return {};
  const rest = stem.slice(source.length + 1).split('_').filter(Boolean);
  const periode = rest.length > 0 && PERIOD.test(rest[rest.length - 1]) ? rest.pop() : undefined;
  const producteur = rest.length > 0 ? rest.join('_') : undefined;
  return { source, producteur, periode };
}
