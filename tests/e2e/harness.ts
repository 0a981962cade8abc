// End-to-end harness: a real archive filled by real engine runs, served by `lab serve` on
// loopback, driven in Debian's Chromium through playwright-core (no browser download).
import { existsSync, mkdirSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { Lab } from '@main/api'
import { serve, type RunningServer } from '@main/server'
import { tmpDb } from '../integration/helpers'

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const shotsDir = join(root, 'test-output', 'screenshots')

export function chromiumPath(): string {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter(Boolean) as string[]
  const found = candidates.find((p) => existsSync(p))
  if (!found) throw new Error(`no Chromium found (tried ${candidates.join(', ')}): apt-get install chromium`)
  return found
}

export interface Session {
  lab: Lab
  server: RunningServer
  browser: Browser
  page: Page
  close(): Promise<void>
}

export async function openSession(options: { theme?: 'light' | 'dark'; width?: number; height?: number; threads?: number } = {}): Promise<Session> {
  const rendererDir = join(root, 'out', 'renderer')
  if (!existsSync(join(rendererDir, 'index.html'))) throw new Error('the interface is not built: run `npx electron-vite build` (npm test does)')
  const lab = new Lab({ db: tmpDb(), threads: options.threads ?? 1 })
  const server = await serve(lab, { port: 0, rendererDir })
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync']
  })
  const context = await browser.newContext({ viewport: { width: options.width ?? 1440, height: options.height ?? 900 }, acceptDownloads: true, colorScheme: options.theme ?? 'light' })
  const page = await context.newPage()
  const errors: string[] = []
  page.on('pageerror', (e) => errors.push(e.message))
  return {
    lab,
    server,
    browser,
    page,
    async close() {
      await browser.close()
      await server.close()
      await lab.close()
      if (errors.length) throw new Error(`the page threw: ${errors.join('; ')}`)
    }
  }
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(shotsDir, { recursive: true })
  const file = join(shotsDir, `${name}.png`)
  await page.screenshot({ path: file, fullPage: false })
  return file
}
