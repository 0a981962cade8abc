// Build the bundle's worker: one ES module with the engines, zod and the shard writer, runnable by
// any Node ≥ 20 with no node_modules beside it. The WebAssembly kernels are emitted from TypeScript
// when the module loads (src/workers/numeric/wasm), so there is no .wasm file to ship. A native
// module or the runner's pool in the worker's import graph is an error, not a silent external.
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

/** Packages the worker must never contain: native, Electron-only, or the lab's own process pool. */
const FORBIDDEN = /^(better-sqlite3|electron|piscina|ws)(\/|$)/

export interface BuiltWorker {
  code: string
  sha256: string
  /** source files that went in, relative to the repository (for the record) */
  inputs: string[]
}

function repoRoot(here: string = dirname(fileURLToPath(import.meta.url))): string {
  // src/main/cluster → the repository; out/main (built app run from a clone) → the repository
  for (const up of ['../../..', '../..']) {
    const root = resolve(here, up)
    if (existsSync(join(root, 'src/main/cluster/workerCli.ts'))) return root
  }
  throw new Error(`cannot find the worker's sources (src/main/cluster/workerCli.ts) from ${here}`)
}

export async function buildWorker(): Promise<BuiltWorker> {
  const root = repoRoot()
  // loaded at run time from node_modules (a dev tool; the variable keeps bundlers from inlining it)
  const specifier = 'esbuild'
  const esbuild = (await import(/* @vite-ignore */ specifier)) as typeof import('esbuild')
  const result = await esbuild.build({
    absWorkingDir: root,
    entryPoints: [join(root, 'src/main/cluster/workerCli.ts')],
    tsconfig: join(root, 'tsconfig.node.json'),
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    metafile: true,
    logLevel: 'silent',
    legalComments: 'none',
    // CommonJS dependencies (the @stdlib special functions) call require() on Node built-ins
    banner: {
      js: [
        '#!/usr/bin/env node',
        '// Manifold Lab sweep-bundle worker: node worker.mjs run <bundle dir> --task t [--attempt name]',
        "import { createRequire as __labCreateRequire } from 'node:module';",
        'const require = __labCreateRequire(import.meta.url);'
      ].join('\n')
    },
    plugins: [
      {
        // @shared/versions reads the lab's version from package.json: give the worker that, not the dependency lists
        name: 'package-version-only',
        setup(build) {
          build.onLoad({ filter: /[\\/]package\.json$/ }, async (args) => {
            const { readFile } = await import('node:fs/promises')
            const pkg = JSON.parse(await readFile(args.path, 'utf8')) as { name?: string; version?: string }
            return { contents: JSON.stringify({ name: pkg.name, version: pkg.version }), loader: 'json' }
          })
        }
      },
      {
        name: 'forbid-native',
        setup(build) {
          build.onResolve({ filter: FORBIDDEN }, (args) => ({
            errors: [{ text: `the cluster worker must not import '${args.path}' (imported by ${args.importer}): it runs with no node_modules and no native module` }]
          }))
        }
      }
    ]
  })
  const code = result.outputFiles[0].text
  return { code, sha256: createHash('sha256').update(code).digest('hex'), inputs: Object.keys(result.metafile.inputs) }
}
