// Every exchange format the département publishes to its partners, by source name.
import type { Contract } from './contract.ts';
import { apaDemandes } from './apa_demandes.ts';
import { aseInformationsPreoccupantes } from './ase_informations_preoccupantes.ts';
import { aseMesures } from './ase_mesures.ts';
import { cafAllocataires } from './caf_allocataires.ts';
import { ccasAides } from './ccas_aides.ts';
import { consultation } from './consultation.ts';
import { effectifs } from './effectifs.ts';
import { fslAides } from './fsl_aides.ts';
import { mdphDemandes } from './mdph_demandes.ts';
import { rsaParcours } from './rsa_parcours.ts';
import { sites } from './sites.ts';
import { slsDemandes } from './sls_demandes.ts';
import { territoires } from './territoires.ts';

export const contracts: Record<string, Contract> = Object.fromEntries(
  [sites, territoires, slsDemandes, rsaParcours, effectifs, ccasAides, cafAllocataires, consultation,
    apaDemandes, mdphDemandes, aseInformationsPreoccupantes, aseMesures, fslAides].map((c) => [c.source, c as unknown as Contract]),
);

export function contractFor(source: string): Contract | undefined {
  return contracts[source];
}
