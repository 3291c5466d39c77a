// The allowed values and units of published columns, where the project already knows them: taken
// from where each is defined (the extract contracts, the indicator header, the engagements file),
// never restated here. A column not named here gets no constraint beyond its type.
import { z } from 'zod';
import { contracts } from '../contracts/index.ts';
import { COMMUNE_CODE } from '../contracts/columns.ts';
import { indicatorHeaderSchema, NIVEAUX } from '../assets/indicators.ts';
import { engagementSchema } from '../engagements/schema.ts';

export interface FieldConstraints {
  enum?: string[];
  pattern?: string;
  minimum?: number;
  maximum?: number;
}

const PERIOD = '^\\d{4}(-\\d{2}(-\\d{2})?)?$';
const communeCode = { pattern: COMMUNE_CODE.source.replace(/\(\?:/g, '(') };

/** The values of a zod enum, looked through `.nullable()` / `.optional()`. */
function enumValues(schema: z.ZodTypeAny | undefined): string[] | undefined {
  let s = schema;
  while (s instanceof z.ZodNullable || s instanceof z.ZodOptional || s instanceof z.ZodDefault) s = s._def.innerType;
  return s instanceof z.ZodEnum ? [...s.options] : undefined;
}

/** Columns of a published table copied from an exchange format keep that format's allowed values. */
function fromContract(table: string, column: string): FieldConstraints | undefined {
  const values = enumValues(contracts[table]?.shape[column] as z.ZodTypeAny | undefined);
  return values ? { enum: values } : undefined;
}


const OWN: Record<string, Record<string, FieldConstraints>> = {
  indicateurs: { niveau: { enum: [...NIVEAUX] }, periode: { pattern: PERIOD } },
  catalogue: { theme: { enum: enumValues(indicatorHeaderSchema.shape.theme)! } },
  fiches: { theme: { enum: enumValues(indicatorHeaderSchema.shape.theme)! } },
  engagements: { sens: { enum: enumValues(engagementSchema.innerType().shape.sens)! }, statut: { enum: ['atteint', 'en bonne voie', 'en retard', 'non mesurable'] }, niveau: { enum: [...NIVEAUX] } },
  communes: { code_commune: communeCode, latitude: { minimum: -90, maximum: 90 }, longitude: { minimum: -180, maximum: 180 } },
  contours: { code_commune: communeCode },
  sites: { latitude: { minimum: -90, maximum: 90 }, longitude: { minimum: -180, maximum: 180 } },
  dictionnaire: { partie: { enum: ['publiee', 'entrepot'] } },
  controles: { gravite: { enum: ['erreur', 'avertissement'] } },
};

export function constraintsOf(table: string, column: string): FieldConstraints | undefined {
  const own = OWN[table]?.[column] ?? fromContract(table, column);
  return own && Object.keys(own).length > 0 ? own : undefined;
}

/** Units of columns whose unit does not vary by row (an indicator's `valeur` has its own, in `unite`). */
const UNITS: Record<string, string> = {
  population: 'habitants',
  latitude: 'degrés (WGS 84)',
  longitude: 'degrés (WGS 84)',
  seuil_minutes: 'minutes',
  fenetre_jours: 'jours',
  lignes: 'lignes',
};

export function unitOf(table: string, column: string): string | undefined {
  if (['indicateurs', 'engagements'].includes(table) && ['valeur', 'cible', 'reference_valeur', 'trajectoire', 'ecart_trajectoire'].includes(column)) {
    return table === 'indicateurs' ? 'celle de la colonne « unite » de la ligne' : 'celle de l’indicateur (catalogue, colonne « unite »)';
  }
  return UNITS[column];
}
