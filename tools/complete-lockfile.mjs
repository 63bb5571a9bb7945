#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages (other OSes and CPUs)
// that the registry mirror of our build machines does not serve, so that `npm ci` accepts the lock
// file. Each entry carries os/cpu/libc, so npm skips it on every platform it is not for.
// Run after `npm install` changes the lock file: node tools/complete-lockfile.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const file = new URL('../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(file, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'win32', 'linux', 'freebsd', 'android', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = [
  ['arm64', 'arm64'], ['aarch64', 'arm64'], ['x64', 'x64'], ['ia32', 'ia32'], ['ppc64', 'ppc64'],
  ['s390x', 's390x'], ['loong64', 'loong64'], ['riscv64', 'riscv64'], ['arm', 'arm'], ['wasm32', 'wasm32'],
];

const platformOf = (name) => {
  const parts = name.split(/[-/]/);
  const os = OS.find((o) => parts.includes(o));
  const cpu = CPU.find(([token]) => parts.includes(token) || parts.some((p) => p.startsWith(token)))?.[1];
  const libc = parts.some((p) => p.startsWith('musl')) ? 'musl' : parts.includes('gnu') || parts.some((p) => p.startsWith('gnueabi')) ? 'glibc' : undefined;
  return { os, cpu, libc };
};

/** The lock entry Node's resolution would find for `dep` required from `fromPath`. */
const resolve = (fromPath, dep) => {
  let path = fromPath;
  for (;;) {
    const found = packages[`${path ? `${path}/` : ''}node_modules/${dep}`];
    if (found) return found;
    if (path === '') return undefined;
    const cut = path.lastIndexOf('/node_modules/');
    path = cut === -1 ? '' : path.slice(0, cut);
  }
};

let added = 0;
for (const [path, pkg] of Object.entries(packages)) {
  const optional = Object.entries(pkg.optionalDependencies ?? {});
  // A range (e.g. "^1.2.0") is pinned to the version npm installed for this platform's sibling.
  const sibling = optional.map(([dep]) => resolve(path, dep)?.version).find(Boolean);
  for (const [dep, spec] of optional) {
    const version = /^\d+\.\d+\.\d+(-[\w.]+)?$/.test(spec) ? spec : (sibling ?? spec.replace(/^[\^~]/, ''));
    const existing = resolve(path, dep);
    if (existing && (existing.version === version || !/^\d/.test(spec))) continue;
    const { os, cpu, libc } = platformOf(dep);
    if (!os || !cpu) continue; // not a platform package: leave it to npm
    const target = packages[`node_modules/${dep}`] ? `${path}/node_modules/${dep}` : `node_modules/${dep}`;
    packages[target] = {
      version,
      cpu: [cpu],
      ...(libc ? { libc: [libc] } : {}),
      license: pkg.license,
      optional: true,
      os: [os],
      ...(pkg.engines ? { engines: pkg.engines } : {}),
    };
    added++;
  }
}
lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a < b ? -1 : 1)));
writeFileSync(file, `${JSON.stringify(lock, null, 2)}\n`);
console.log(`added ${added} platform-specific optional packages to package-lock.json`);
