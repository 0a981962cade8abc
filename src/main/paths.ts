// Where the archive lives: one SQLite file shared by the desktop app, `lab serve` and the CLI.
import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The platform's app-data folder, as Electron's app.getPath('userData') would give it, so the
 * desktop app, the server and the CLI find the same file without Electron.
 */
export function appDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Manifold Lab')
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Manifold Lab')
  return join(env.XDG_DATA_HOME || join(homedir(), '.local', 'share'), 'manifold-lab')
}

/** --db flag, then LAB_DB, then the app-data folder. */
export function defaultDbPath(flag?: string, env: NodeJS.ProcessEnv = process.env): string {
  return flag || env.LAB_DB || join(appDataDir(env), 'lab.db')
}
