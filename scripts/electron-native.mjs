#!/usr/bin/env node
// Build better-sqlite3 for the Electron installed in node_modules, into
// native/better-sqlite3/electron-v<ABI>-<platform>-<arch>/better_sqlite3.node, leaving the
// plain-Node build in node_modules untouched (the CLI, server and tests keep working).
// First the project's prebuilt binary for that Electron (prebuild-install), else a source
// build against Electron's headers (node-gyp). Both need the network once; after that the
// build is reused.
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, copyFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)

export function electronTarget() {
  const dir = dirname(require.resolve('electron/package.json'))
  const version = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version
  const abi = readFileSync(join(dir, 'abi_version'), 'utf8').trim()
  return { version, abi, platform: process.platform, arch: process.arch }
}

export function targetDir({ abi, platform, arch }) {
  return join(root, 'native', 'better-sqlite3', `electron-v${abi}-${platform}-${arch}`)
}

export function buildCommands(target, nodeModules = join(root, 'node_modules')) {
  const prebuild = join(nodeModules, 'prebuild-install', 'bin.js')
  const gyp = join(nodeModules, 'node-gyp', 'bin', 'node-gyp.js')
  return [
    [process.execPath, [prebuild, '--runtime=electron', `--target=${target.version}`, `--arch=${target.arch}`, `--platform=${target.platform}`, '--verbose']],
    [process.execPath, [gyp, 'rebuild', '--release', '--runtime=electron', `--target=${target.version}`, `--arch=${target.arch}`, '--dist-url=https://electronjs.org/headers']]
  ]
}

export function ensureElectronBinding({ quiet = false } = {}) {
  const target = electronTarget()
  const out = join(targetDir(target), 'better_sqlite3.node')
  if (existsSync(out)) return out
  const log = (m) => quiet || console.error(m)
  log(`Building better-sqlite3 for Electron ${target.version} (ABI ${target.abi}), once…`)
  const work = mkdtempSync(join(tmpdir(), 'lab-native-'))
  try {
    const pkg = join(work, 'better-sqlite3')
    cpSync(dirname(require.resolve('better-sqlite3/package.json')), pkg, { recursive: true, filter: (src) => !src.includes(`${join('build', 'Release', 'obj')}`) })
    rmSync(join(pkg, 'build'), { recursive: true, force: true })
    const errors = []
    for (const [cmd, args] of buildCommands(target)) {
      try {
        execFileSync(cmd, args, { cwd: pkg, stdio: quiet ? 'ignore' : 'inherit', env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: target.version } })
        const built = join(pkg, 'build', 'Release', 'better_sqlite3.node')
        if (existsSync(built)) {
          mkdirSync(dirname(out), { recursive: true })
          copyFileSync(built, out)
          log(`better-sqlite3 for Electron: ${out}`)
          return out
        }
      } catch (e) {
        errors.push(`${args[0]}: ${e.message}`)
      }
    }
    throw new Error(`could not build better-sqlite3 for Electron ${target.version}:\n  ${errors.join('\n  ')}`)
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    ensureElectronBinding()
  } catch (e) {
    console.error(e.message)
    process.exit(1)
  }
}
