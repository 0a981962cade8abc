// The CLI's bundle: src/main/cli.ts and the engine worker src/workers/task.ts, each one plain
// JavaScript file in out/cli/ (esbuild; dependencies stay in node_modules), so `lab` starts
// without compiling TypeScript. bin/lab.mjs calls ensureCliBundle() at every start: when any
// source under src/main, src/shared or src/workers (or this script, or the tsconfig) is newer
// than the bundle, it is rebuilt first (~0.5 s), so an edited clone never runs an old bundle.
//   node scripts/build-cli.mjs          build now
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const cliDir = join(root, 'out', 'cli')
export const cliEntry = join(cliDir, 'cli.js')
/** bin/lab.mjs starts a `lab run`'s worker pool from this before it loads cli.js */
export const earlyPoolEntry = join(cliDir, 'earlyPool.js')
/** what the bundle is made from: these folders, and these files (relative to the clone) */
const SOURCES = ['src/main', 'src/shared', 'src/workers']
const CONFIG = ['tsconfig.base.json', 'tsconfig.node.json', 'package.json', 'scripts/build-cli.mjs']

/** Newest modification time (ms) of the files under dir. */
function newest(dir) {
  let t = statSync(dir).mtimeMs // a deleted or renamed file changes its folder's time
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

/** Is the bundle of the clone at `at` missing or older than any of its sources? */
export function cliIsStale(at = root) {
  let built
  try {
    built = Math.min(statSync(join(at, 'out/cli/cli.js')).mtimeMs, statSync(join(at, 'out/cli/task.js')).mtimeMs)
  } catch {
    return true
  }
  const sources = Math.max(...SOURCES.map((d) => newest(join(at, d))), ...CONFIG.map((f) => statSync(join(at, f)).mtimeMs))
  return sources > built
}

/**
 * zod's namespace re-exports its 40-odd message locales, which no tree-shaker can drop; the lab
 * uses the English messages only (zod's default), so the bundle gets just those.
 */
const onlyEnglishZodMessages = {
  name: 'only-english-zod-messages',
  setup(build) {
    build.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]zod[\\/]/.test(args.importer) ? { path: join(dirname(args.importer), '../locales/index.js'), namespace: 'zod-en' } : undefined))
    build.onLoad({ filter: /.*/, namespace: 'zod-en' }, (args) => ({ contents: `export { default as en } from ${JSON.stringify(join(dirname(args.path), 'en.js'))}`, resolveDir: dirname(args.path) }))
  }
}

/** esbuild's options for bundles of the lab's sources into out/cli (entries: name → source). */
export function bundleOptions(entryPoints) {
  return {
    absWorkingDir: root,
    entryPoints,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // pure-JS libraries are bundled (zod alone is ~100 ESM files: loading them was most of the
    // start-up); native and self-spawning ones load from node_modules
    external: ['better-sqlite3', 'piscina', 'ws', 'electron'],
    tsconfig: join(root, 'tsconfig.node.json'), // the @shared/… path aliases
    sourcemap: 'linked',
    // shared code and lazily imported parts (the server for `lab serve`) in chunks: `lab list`
    // loads neither ws nor the engines
    splitting: true,
    // beside the entries, not in a subfolder: modules find resources/, out/renderer and the
    // worker from their own file's place (import.meta.url), which must be out/cli for every chunk
    chunkNames: '[name]-[hash]',
    minify: true,
    plugins: [onlyEnglishZodMessages],
    write: false,
    outdir: cliDir,
    logLevel: 'warning'
  }
}

export async function buildCli() {
  const { build } = await import('esbuild')
  // latentBlockWorker: the MNIST fit's row-block threads (latentFit.ts looks for it beside its chunk)
  // earlyPool: `lab run`'s pool, started by bin/lab.mjs before cli.js loads (src/main/runner/earlyPool.ts)
  const result = await build(bundleOptions({ cli: 'src/main/cli.ts', task: 'src/workers/task.ts', earlyPool: 'src/main/runner/earlyPool.ts', latentBlockWorker: 'src/workers/engines/pseudoreal/latentBlockWorker.ts' }))
  mkdirSync(cliDir, { recursive: true })
  // each file through a temporary name and a rename, cli.js last: a `lab` started meanwhile
  // reads either the old bundle or the new one, never half a file
  // (chunks are named by their content, so a new chunk never replaces an old one in use)
  const entries = new Set([cliEntry, join(cliDir, 'task.js'), earlyPoolEntry])
  const files = result.outputFiles.sort((a, b) => Number(a.path === cliEntry) - Number(b.path === cliEntry) || Number(entries.has(a.path)) - Number(entries.has(b.path)))
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true })
    const tmp = `${f.path}.${process.pid}.tmp`
    writeFileSync(tmp, f.contents)
    renameSync(tmp, f.path)
  }
  // chunks of bundles built more than an hour ago go (a `lab serve` started before may still load its own)
  const current = new Set(files.map((f) => f.path))
  for (const name of readdirSync(cliDir)) {
    const p = join(cliDir, name)
    if (/-[A-Z0-9]{8}\.js(\.map)?$/.test(name) && !current.has(p) && Date.now() - statSync(p).mtimeMs > 3600_000) rmSync(p, { force: true })
  }
}

/** Build when stale; returns whether it built. */
export async function ensureCliBundle() {
  if (!cliIsStale()) return false
  await buildCli()
  return true
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  await buildCli()
  console.log(`built ${cliDir}`)
}
