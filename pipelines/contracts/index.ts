// Every exchange format the département publishes to its partners, by source name.
import type { Contract } from './contract.ts';
import { sites } from './sites.ts';
import { slsDemandes } from './sls_demandes.ts';

export const contracts: Record<string, Contract> = {
  [sites.source]: sites,
  [slsDemandes.source]: slsDemandes,
};

export function contractFor(source: string): Contract | undefined {
  return contracts[source];
}
