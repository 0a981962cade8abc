// The path aliases of the TypeScript sources, one list for every tool that resolves imports:
// tsconfig.base.json's `paths` (tsc, vue-tsc, tsx) say the same; tests/unit/shared/aliases.test.ts
// checks the two agree.
import { fileURLToPath } from 'node:url'

const at = (dir: string): string => fileURLToPath(new URL(dir, import.meta.url))

/** alias prefix → folder (absolute), for Vite/electron-vite/vitest `resolve.alias`. */
export const aliases = {
  '@shared': at('./src/shared'),
  '@numeric': at('./src/workers/numeric'),
  '@models': at('./src/workers/models'),
  '@engines': at('./src/workers/engines'),
  '@workers': at('./src/workers'),
  '@main': at('./src/main'),
  '@preload': at('./src/preload'),
  '@renderer': at('./src/renderer/src')
}
