#!/usr/bin/env node
// `npm start`: build the lab if the sources changed, make sure Electron and its build of
// better-sqlite3 are there (downloaded once), and open the desktop app. Where Electron cannot
// be had (no network, a headless machine), say so and serve the same interface at
// http://127.0.0.1:5178 instead. Extra arguments go to the app, e.g. `npm start -- --db FILE`.
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { ensureElectronBinding } from './electron-native.mjs'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const require = createRequire(import.meta.url)
const args = process.argv.slice(2)

function newest(dir) {
  let t = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    t = Math.max(t, entry.isDirectory() ? newest(p) : statSync(p).mtimeMs)
  }
  return t
}

const built = join(root, 'out', 'main', 'index.js')
if (!existsSync(built) || newest(join(root, 'src')) > statSync(built).mtimeMs) {
  console.error('Building the lab…')
  const r = spawnSync(join(root, 'node_modules', '.bin', 'electron-vite'), ['build'], { cwd: root, stdio: 'inherit' })
  if (r.status !== 0) process.exit(r.status ?? 1)
}

function serveInstead(reason) {
  console.error(`\nThe desktop app cannot start here: ${reason}\nServing the same lab in your browser instead.\n`)
  const child = spawn(process.execPath, [join(root, 'bin', 'lab.mjs'), 'serve', ...args], { cwd: root, stdio: 'inherit' })
  child.on('exit', (code) => process.exit(code ?? 0))
}

let electronPath
try {
  electronPath = require('electron') // downloads the binary on first use
  if (typeof electronPath !== 'string' || !existsSync(electronPath)) throw new Error('no Electron binary')
} catch (e) {
  serveInstead(`Electron's binary is not installed and could not be downloaded (it needs the network once; \`npx install-electron\` retries).`)
}
if (electronPath) {
  try {
    ensureElectronBinding()
    const child = spawn(electronPath, [root, ...args], { cwd: root, stdio: 'inherit' })
    child.on('exit', (code) => process.exit(code ?? 0))
  } catch (e) {
    serveInstead(e.message)
  }
}
