// The engagements file as the observatory writes it: French errors naming the line and the field,
// and the demo's own set, valid and drawn from published indicators.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIndicators } from '../../pipelines/assets/indicators.ts';
import { DEMO_ENGAGEMENTS } from '../../pipelines/demo/engagements.ts';
import { endOf, InvalidEngagements, readEngagements } from '../../pipelines/engagements/schema.ts';
import { tempDir } from '../helpers/fixtures.ts';

const write = (text: string) => {
  const file = path.join(tempDir(), 'engagements.yaml');
  writeFileSync(file, text);
  return file;
};
const GOOD = `engagements:
  - id: delai
    titre: Un délai médian de douze jours
    fiche: { numero: 1, titre: Accueil }
    indicateur: delai_premier_rdv_median
    cible: 12
    sens: au_plus
    echeance: 2026-12
    service: Action sociale
`;
const refusal = (text: string) => {
  try {
    readEngagements(write(text));
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidEngagements);
    return (error as Error).message;
  }
  throw new Error('accepté à tort');
};

describe('engagements.yaml', () => {
  it('reads a file with defaults: the département, the total, no baseline', () => {
    expect(readEngagements(write(GOOD))).toEqual([{
      id: 'delai', titre: 'Un délai médian de douze jours', fiche: { numero: '1', titre: 'Accueil' }, indicateur: 'delai_premier_rdv_median',
      dimension: '', modalite: '', niveaux: ['departement'], cible: 12, sens: 'au_plus', echeance: '2026-12', service: 'Action sociale',
    }]);
    expect(readEngagements(path.join(tempDir(), 'absent.yaml'))).toEqual([]);
  });

  it('names the file, the line, the engagement and the field of each mistake, in French', () => {
    const wrongSense = refusal(GOOD.replace('sens: au_plus', 'sens: moins'));
    expect(wrongSense).toContain('engagements.yaml');
    expect(wrongSense).toContain('ligne 7, engagement « delai », « engagements.sens » : « moins » n’est pas admis ; valeurs admises : au_moins, au_plus');
    expect(wrongSense).toContain('les engagements publiés restent ceux d’avant');
    expect(refusal(GOOD.replace('echeance: 2026-12', 'echeance: fin 2026'))).toContain('ligne 8, engagement « delai », « engagements.echeance » : une période AAAA, AAAA-MM ou AAAA-MM-JJ');
    expect(refusal(GOOD.replace('    service: Action sociale\n', ''))).toMatch(/ligne 2, engagement « delai », « engagements.service » : valeur manquante/);
    expect(refusal(GOOD.replace('cible: 12', 'cible: douze'))).toContain('« engagements.cible » : attendu : un nombre, trouvé : un texte');
    expect(refusal(GOOD.replace('cible: 12', 'cibel: 12'))).toContain('réglage(s) inconnu(s) : cibel');
    expect(refusal(GOOD + GOOD.replace('engagements:\n', ''))).toContain('ligne 10, engagement « delai », « engagements.id » : l’engagement « delai » est décrit deux fois');
    expect(refusal(GOOD.replace('    echeance: 2026-12', '    echeance: 2026-12\n    reference: { valeur: 20, periode: 2027 }'))).toContain('la période de référence doit précéder l’échéance');
    expect(refusal(GOOD.replace('  - id: delai', '  - id: delai\n  titre: [mal fermé'))).toMatch(/engagements\.yaml, ligne \d+ : YAML illisible/);
  });

  it('takes the last day of a period as its end', () => {
    expect([endOf('2025'), endOf('2024-02'), endOf('2025-02'), endOf('2025-06-15')]).toEqual(['2025-12-31', '2024-02-29', '2025-02-28', '2025-06-15']);
  });

  it('ships a demo set of 8 to 12 engagements, each measured by a published indicator', () => {
    const demo = readEngagements(write(DEMO_ENGAGEMENTS));
    expect(demo.length).toBeGreaterThanOrEqual(8);
    expect(demo.length).toBeLessThanOrEqual(12);
    const known = new Set(loadIndicators().map((i) => i.entry.id));
    for (const e of demo) expect(known.has(e.indicateur), e.indicateur).toBe(true);
  });
});
