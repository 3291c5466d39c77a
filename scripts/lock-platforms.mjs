#!/usr/bin/env node
// The npm registry reachable here holds only the linux-x64 builds of packages shipped per
// platform (DuckDB's bindings, rollup's). `npm install` then leaves the other platforms out of
// package-lock.json, and `npm ci` refuses the lock ("Missing: … from lock file"). This adds each
// missing optional platform package to the lock, with its os/cpu, so that `npm ci` accepts the
// lock and skips them on this platform. Run it after any `npm install`: npm run lock:platforms
// (`--check` only says whether the lock lacks any, for the tests).
import { readFileSync, writeFileSync } from 'node:fs';

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openbsd', 'openharmony', 'sunos', 'aix'];
const CPU = { arm64: 'arm64', x64: 'x64', ia32: 'ia32', arm: 'arm', loong64: 'loong64', ppc64: 'ppc64', riscv64: 'riscv64', s390x: 's390x' };

function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = tokens.find((t) => OS.includes(t));
  const cpu = tokens.map((t) => CPU[t]).find(Boolean);
  if (!os || !cpu) return undefined;
  const libc = tokens.some((t) => t.startsWith('musl')) ? ['musl'] : os === 'linux' && tokens.includes('gnu') ? ['glibc'] : undefined;
  return { os: [os], cpu: [cpu], ...(libc ? { libc } : {}) };
}

const check = process.argv.includes('--check');
const file = process.argv.slice(2).find((a) => !a.startsWith('--')) ?? 'package-lock.json';
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

/** Whether Node would find `name` at `version` from the package at `location`. */
function resolves(location, name, version) {
  let dir = location;
  for (;;) {
    const found = packages[`${dir ? `${dir}/` : ''}node_modules/${name}`];
    // The nearest copy wins, even at the wrong version: then the package needs its own.
    if (found) return found.version === version || !/^\d/.test(version);
    if (!dir) return false;
    const cut = dir.lastIndexOf('node_modules/');
    dir = cut <= 0 ? '' : dir.slice(0, cut - 1);
  }
}

let added = 0;
for (const [location, entry] of Object.entries({ ...packages })) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    if (resolves(location, name, version)) continue;
    const platform = platformOf(name);
    if (!platform) {
      console.warn(`non ajouté (plate-forme inconnue) : ${name} requis par ${location || 'le projet'}`);
      continue;
    }
    packages[`${location}/node_modules/${name}`] = { version, ...platform, optional: true };
    added++;
  }
}
if (check) {
  console.log(added === 0 ? 'package-lock.json complet' : `${added} paquet(s) de plate-forme manquent : lancez npm run lock:platforms`);
  process.exit(added === 0 ? 0 : 1);
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`${added} paquet(s) de plate-forme ajoutés à ${file}`);
