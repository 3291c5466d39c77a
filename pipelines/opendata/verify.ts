// Checks a data package as its receiver would: its descriptor is one of ours (schema version), every
// file it lists is there with the size and SHA-256 it declares, no file is there that it does not
// list, and the département it declares is the one its own data observe. Each problem says which
// file and what to do, in French.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { sha256File } from '../publish/editions.ts';
import { DESCRIPTOR, SCHEMA_VERSION, type Descriptor } from './package.ts';

export interface Verified {
  descriptor: Descriptor;
  /** SHA-256 of datapackage.json, which names the SHA-256 of every other file: the package's identity. */
  sha256: string;
}

export class InvalidPackage extends Error {
  constructor(readonly dir: string, readonly problems: string[]) {
    super(`Paquet refusé (${dir}) :\n${problems.map((p) => `  - ${p}`).join('\n')}`);
  }
}

const major = (v: string) => v.split('.')[0];

function listFiles(dir: string, prefix = ''): string[] {
  return readdirSync(path.join(dir, prefix), { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? listFiles(dir, path.posix.join(prefix, e.name)) : [path.posix.join(prefix, e.name)]);
}

export async function verifyPackage(dir: string): Promise<Verified> {
  const file = path.join(dir, DESCRIPTOR);
  if (!existsSync(file)) throw new InvalidPackage(dir, [`pas de ${DESCRIPTOR} : ce dossier n’est pas un paquet écrit par « solidata opendata » ; demandez au département de le refaire.`]);
  let descriptor: Descriptor;
  try {
    descriptor = JSON.parse(readFileSync(file, 'utf8')) as Descriptor;
  } catch (error) {
    throw new InvalidPackage(dir, [`${DESCRIPTOR} n’est pas un JSON lisible (${(error as Error).message}) : le fichier est abîmé ; demandez-en un nouvel envoi.`]);
  }
  const problems: string[] = [];
  if (typeof descriptor.schema_version !== 'string' || major(descriptor.schema_version) !== major(SCHEMA_VERSION)) {
    problems.push(`${DESCRIPTOR} : version de schéma ${JSON.stringify(descriptor.schema_version ?? null)}, attendue ${major(SCHEMA_VERSION)}.x : le paquet a été écrit par une version de Solidata incompatible ; le département doit le refaire avec une version ${major(SCHEMA_VERSION)}.x.`);
  }
  const code = descriptor.producteur?.code;
  if (!code || !/^(\d{2,3}|2[AB])$/.test(code)) problems.push(`${DESCRIPTOR} : code du département producteur absent ou non valide (${JSON.stringify(code ?? null)}).`);
  if (descriptor.couverture?.spatiale?.code !== code) problems.push(`${DESCRIPTOR} : la couverture (département ${descriptor.couverture?.spatiale?.code}) ne correspond pas au producteur (${code}).`);
  const resources = Array.isArray(descriptor.resources) ? descriptor.resources : [];
  if (resources.length === 0) problems.push(`${DESCRIPTOR} : aucune ressource décrite.`);
  const declared = new Set<string>();
  for (const r of resources) {
    const rel = String(r.path ?? '');
    if (!/^(csv|parquet)\/[a-z0-9_]+\.(csv|parquet)$/.test(rel)) {
      problems.push(`${DESCRIPTOR} : chemin de ressource inattendu « ${rel} ».`);
      continue;
    }
    declared.add(rel);
    const full = path.join(dir, rel);
    if (!existsSync(full)) {
      problems.push(`${rel} : fichier absent ; le paquet est incomplet, demandez un nouvel envoi complet.`);
      continue;
    }
    const actual = `sha256:${await sha256File(full)}`;
    if (statSync(full).size !== r.bytes || actual !== r.hash) {
      problems.push(`${rel} : empreinte SHA-256 ${actual.slice(7, 19)}… (${statSync(full).size} octets), attendue ${String(r.hash).slice(7, 19)}… (${r.bytes} octets) : le fichier a été modifié ou abîmé depuis son export ; demandez au département de renvoyer le paquet.`);
    }
  }
  for (const f of listFiles(dir)) {
    if (f !== DESCRIPTOR && !declared.has(f)) problems.push(`${f} : fichier que ${DESCRIPTOR} ne décrit pas ; retirez-le ou demandez un nouvel envoi.`);
  }
  if (problems.length > 0) throw new InvalidPackage(dir, problems);
  return { descriptor, sha256: await sha256File(file) };
}
