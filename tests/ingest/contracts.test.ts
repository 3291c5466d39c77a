// What DOMAIN.md says of the exchange formats, checked on the contracts themselves.
import { describe, expect, it } from 'vitest';
import { contracts } from '../../pipelines/contracts/index.ts';

describe('the exchange formats', () => {
  it('scan and re-hash exactly the person-level files DOMAIN.md names', () => {
    const personLevel = Object.values(contracts).filter((c) => c.personLevel).map((c) => c.source).sort();
    expect(personLevel).toEqual(['apa_demandes', 'ase_informations_preoccupantes', 'ccas_aides', 'consultation', 'fsl_aides', 'mdph_demandes', 'rsa_parcours', 'sls_demandes']);
    expect(contracts.ase_mesures.personLevel).toBe(false);
  });

  it('check every commune of residence against the COG', () => {
    for (const source of ['apa_demandes', 'mdph_demandes', 'ase_informations_preoccupantes', 'fsl_aides']) {
      expect(contracts[source].columns.find((c) => c.name === 'commune_residence'), source).toMatchObject({ commune: true, nullable: false });
    }
  });

  it('order only date columns of their own format', () => {
    for (const c of Object.values(contracts)) {
      for (const pair of c.ordered ?? []) {
        for (const name of pair) expect(c.columns.find((col) => col.name === name)?.duckType, `${c.source}.${name}`).toBe('DATE');
      }
    }
    expect(contracts.apa_demandes.ordered).toContainEqual(['date_dossier_complet', 'date_decision']);
  });
});
