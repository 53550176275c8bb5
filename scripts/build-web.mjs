#!/usr/bin/env node
// Builds the browser side (the SPA and the GraphQL IDE) into web/dist with Vite.
//   node scripts/build-web.mjs             always build
//   node scripts/build-web.mjs --if-stale  build only when a source is newer than
//                                          web/dist/index.html (runs before `npm start`)
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => path.relative(repo, p) || '.';
const output = path.join(repo, 'web/dist/index.html');
const sources = [
  'web/src',
  'web/index.html',
  'web/graphiql.html',
  'web/vite.config.ts',
  'shared',
  'schema.graphql',
].map((p) => path.join(repo, p));

/** The newest modification time under `p` (a file or a folder), with the file it belongs to. */
function newest(p) {
  let best = { mtime: 0, file: p };
  let st;
  try {
    st = statSync(p);
  } catch {
    return best;
  }
  if (!st.isDirectory()) return { mtime: st.mtimeMs, file: p };
  for (const entry of readdirSync(p, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const candidate = newest(path.join(p, entry.name));
    if (candidate.mtime > best.mtime) best = candidate;
  }
  // A deleted file only changes its folder's mtime.
  if (st.mtimeMs > best.mtime) best = { mtime: st.mtimeMs, file: p };
  return best;
}

const ifStale = process.argv.includes('--if-stale');
if (ifStale) {
  if (!existsSync(output)) {
    console.log(`[build-web] ${rel(output)} is missing: building`);
  } else {
    const built = statSync(output).mtimeMs;
    let latest = { mtime: 0, file: '' };
    for (const s of sources) {
      const n = newest(s);
      if (n.mtime > latest.mtime) latest = n;
    }
    if (latest.mtime <= built) {
      console.log(`[build-web] ${rel(output)} is up to date: skipping the web build`);
      process.exit(0);
    }
    console.log(`[build-web] ${rel(latest.file)} is newer than ${rel(output)}: rebuilding`);
  }
}

const vite = path.join(repo, 'node_modules/vite/bin/vite.js');
const args = [vite, 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'];
console.log(`[build-web] vite build --config web/vite.config.ts → web/dist/`);
const started = Date.now();
const result = spawnSync(process.execPath, args, { cwd: repo, stdio: 'inherit' });
if (result.status !== 0) {
  console.error(`[build-web] vite build failed (exit ${result.status ?? result.signal})`);
  process.exit(result.status ?? 1);
}
console.log(`[build-web] built web/dist/index.html and web/dist/graphiql.html in ${((Date.now() - started) / 1000).toFixed(1)} s`);
