// The one-time Electron build of better-sqlite3: which Electron, which ABI, where it goes, and
// how it is made (prebuilt binary for that Electron, else a source build against its headers).
import { describe, expect, it } from 'vitest'
// @ts-expect-error a plain .mjs script without types
import { buildCommands, electronTarget, targetDir } from '../../../scripts/electron-native.mjs'
import { electronBindingDir } from '@main/nativeBinding'
import { resolve } from 'node:path'

describe('Electron build of better-sqlite3', () => {
  it('targets the installed Electron and its ABI', () => {
    const t = electronTarget()
    expect(t.version).toMatch(/^\d+\.\d+\.\d+/)
    expect(Number(t.abi)).toBeGreaterThan(100) // NODE_MODULE_VERSION of Electron ≥ 22
    expect(t.abi).not.toBe(process.versions.modules) // not Node's ABI: that is the point
  })

  it('puts the build where the desktop app looks for it', () => {
    const t = electronTarget()
    expect(targetDir(t)).toBe(electronBindingDir(resolve(__dirname, '../../..'), t.abi, t.platform, t.arch))
  })

  it('tries the prebuilt binary for that Electron first, then a source build against its headers', () => {
    const t = { version: '45.4.1', abi: '150', platform: 'linux', arch: 'x64' }
    const [prebuilt, source] = buildCommands(t, '/nm') as [string, string[]][]
    expect(prebuilt[1]).toEqual(expect.arrayContaining(['/nm/prebuild-install/bin.js', '--runtime=electron', '--target=45.4.1', '--arch=x64']))
    expect(source[1]).toEqual(expect.arrayContaining(['/nm/node-gyp/bin/node-gyp.js', 'rebuild', '--runtime=electron', '--target=45.4.1', '--dist-url=https://electronjs.org/headers']))
  })
})
