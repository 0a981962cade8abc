// better-sqlite3 is a native module: plain Node (CLI, server, tests) loads the build npm made
// in node_modules, and the desktop app loads a second build for Electron's ABI, kept beside it
// under native/ (made once by scripts/electron-native.mjs, which `npm start` runs), so neither
// runtime ever needs a manual rebuild.
import { existsSync } from 'node:fs'
import { join } from 'node:path'

export interface RuntimeVersions {
  /** NODE_MODULE_VERSION of the running runtime */
  modules: string
  electron?: string
}

/** Folder of the Electron build for one ABI, platform and architecture. */
export function electronBindingDir(root: string, modules: string, platform = process.platform, arch = process.arch): string {
  return join(root, 'native', 'better-sqlite3', `electron-v${modules}-${platform}-${arch}`)
}

/**
 * The nativeBinding option for better-sqlite3 in this runtime: Electron's own build when running
 * under Electron, nothing (the default node_modules build) under Node. Under Electron a missing
 * build is an error that says how to make it, not a crash with an ABI number.
 */
export function nativeBindingFor(root: string, versions: RuntimeVersions = process.versions as RuntimeVersions): string | undefined {
  if (!versions.electron) return undefined
  const file = join(electronBindingDir(root, versions.modules), 'better_sqlite3.node')
  if (!existsSync(file))
    throw new Error(`better-sqlite3 has no build for Electron ${versions.electron} (ABI ${versions.modules}) at ${file}: run \`node scripts/electron-native.mjs\` (npm start does this)`)
  return file
}
