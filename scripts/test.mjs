#!/usr/bin/env node
// The whole test suite, as the README and CI run it:
//   1. type-check main, preload, workers, shared (tsc) and the renderer (vue-tsc);
//   2. unit and integration tests (vitest, plain Node);
//   3. build every bundle (electron-vite: main + worker, preload, renderer);
//   4. end-to-end tests of the served interface in Debian's Chromium (playwright-core).
// It ends with one line "N passed, N failed, N skipped" summed over the vitest runs.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const out = join(root, 'test-output')
mkdirSync(out, { recursive: true })
const bin = (name) => join(root, 'node_modules', '.bin', name)
const only = process.argv.slice(2)
const want = (step) => only.length === 0 || only.includes(step)

const totals = { passed: 0, failed: 0, skipped: 0 }
let ok = true
/** what went wrong, repeated at the very end: CI logs are often read from their tail */
const problems = []
const skipped = []

function step(title, cmd, args) {
  console.log(`\n=== ${title}: ${[cmd, ...args].map((a) => a.replace(root + '/', '')).join(' ')}`)
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: process.env })
  if (r.status !== 0) {
    ok = false
    console.log(`=== ${title} failed (exit ${r.status ?? r.signal})`)
    problems.push(`${title}: exit ${r.status ?? r.signal}`)
  }
  return r.status === 0
}

function vitest(title, config, report) {
  const file = join(out, report)
  step(title, bin('vitest'), ['run', '--config', config, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`])
  if (existsSync(file)) {
    const r = JSON.parse(readFileSync(file, 'utf8'))
    totals.passed += r.numPassedTests
    totals.failed += r.numFailedTests
    totals.skipped += r.numPendingTests + (r.numTodoTests ?? 0)
    if (r.numTotalTests === 0) {
      ok = false
      console.log(`=== ${title} ran no test`)
      problems.push(`${title}: ran no test`)
    }
    // a failed hook or import fails its file with no failed test (its tests count as skipped):
    // name the file, its message, and every test that did not pass
    for (const f of r.testResults ?? []) {
      const file = f.name.replace(root + '/', '')
      const anyFailed = (f.assertionResults ?? []).some((a) => a.status === 'failed')
      if (f.status === 'failed' && !anyFailed)
        problems.push(`${file}: the file failed with no failed test: ${f.message ? f.message.split('\n').slice(0, 4).join(' | ') : 'a hook or an import threw (its error is printed above); its tests count as skipped'}`)
      for (const a of f.assertionResults ?? [])
        if (a.status === 'skipped' || a.status === 'pending' || a.status === 'todo') skipped.push(`${file} > ${a.fullName ?? a.title}`)
        else if (a.status !== 'passed') problems.push(`${file} > ${a.fullName ?? a.title}: ${a.status}${a.failureMessages?.length ? ': ' + a.failureMessages[0].split('\n')[0] : ''}`)
    }
    if (r.success === false && r.numFailedTests === 0) problems.push(`${title}: vitest reports failure with no failed test (a hook, an import or an unhandled error; see above)`)
  } else {
    ok = false
    problems.push(`${title}: no report (${file})`)
  }
}

if (want('typecheck')) {
  step('type-check (node)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.node.json'])
  step('type-check (web)', bin('vue-tsc'), ['--noEmit', '-p', 'tsconfig.web.json'])
}
if (want('unit')) vitest('unit + integration tests', 'vitest.config.ts', 'unit.json')
if (want('e2e')) {
  if (step('build', bin('electron-vite'), ['build'])) vitest('end-to-end tests (Chromium)', 'vitest.e2e.config.ts', 'e2e.json')
}

if (skipped.length) console.log(`\n=== skipped:\n${skipped.map((p) => `  ${p}`).join('\n')}`)
if (problems.length) console.log(`\n=== not passed:\n${problems.map((p) => `  ${p}`).join('\n')}`)
console.log(`\n${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped${problems.length ? ` (${problems.length} problems: see 'not passed' above)` : ''}`)
process.exit(ok && totals.failed === 0 ? 0 : 1)
