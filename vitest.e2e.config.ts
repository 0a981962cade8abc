import { defineConfig } from 'vitest/config'
import { aliases } from './aliases'

// End-to-end: the built interface served by `lab serve`, driven in Debian's Chromium.
export default defineConfig({
  resolve: { alias: aliases },
  test: {
    include: ['tests/e2e/**/*.test.ts'],
    environment: 'node',
    testTimeout: 180_000,
    hookTimeout: 180_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false
  }
})
