// A run's whole data as JSON, CSV or NPY files (lab export, the UI's export, HTTP downloads).
import type { ExportFile, ExportFormat, RunRow } from '@shared/api'
import { encodeNpy } from './npy'
import type { Artifact, RunStore } from '@main/store/runStore'

/** Nested arrays from a row-major array and its shape. */
export function nest(data: Float64Array, shape: number[]): unknown {
  if (shape.length <= 1) return Array.from(data)
  const stride = data.length / shape[0]
  return Array.from({ length: shape[0] }, (_, i) => nest(data.subarray(i * stride, (i + 1) * stride), shape.slice(1)))
}

const STATE_FIELDS = ['sigma', 'r', 'W', 'v', 'vTeacher', 'T', 'tildeT', 'rho'] as const
/** written when the run stored them (omega: runs made since the per-mode teacher term) */
const OPTIONAL_STATE_FIELDS = ['omega'] as const

/**
 * The ODE state stored under ode/initial/* or ode/final/* in the format `ode.initialState`
 * of a run spec accepts, with δ, μ1, μ2: any other integrator can start from it.
 */
export function odeStateOf(run: RunRow, artifacts: Map<string, Artifact>, which: 'initial' | 'final'): Record<string, unknown> | null {
  const state: Record<string, unknown> = {}
  for (const field of STATE_FIELDS) {
    const a = artifacts.get(`ode/${which}/${field}`)
    if (!a) return null
    state[field] = nest(a.data, a.shape)
  }
  for (const field of OPTIONAL_STATE_FIELDS) {
    const a = artifacts.get(`ode/${which}/${field}`)
    if (a) state[field] = nest(a.data, a.shape)
  }
  const s = run.summary
  return { ...state, delta: s.delta, mu1: s.mu1, mu2: s.mu2 }
}

const safeName = (name: string) => name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^_+|_+$/g, '')

export function exportRun(store: RunStore, id: string, format: ExportFormat): ExportFile[] {
  const run = store.getRun(id)
  const series = store.getSeries(run.id)
  const artifacts = new Map(store.listArtifacts(run.id).map((a) => [a.name, store.getArtifact(run.id, a.name)]))
  const base = `run-${run.id}`
  switch (format) {
    case 'json': {
      const body = {
        run,
        odeInitialState: odeStateOf(run, artifacts, 'initial'),
        odeFinalState: odeStateOf(run, artifacts, 'final'),
        series: Object.fromEntries(series.map((s) => [s.name, { t: s.t, value: s.value }])),
        artifacts: Object.fromEntries([...artifacts.values()].map((a) => [a.name, { shape: a.shape, data: nest(a.data, a.shape) }]))
      }
      return [{ name: `${base}.json`, mime: 'application/json', text: JSON.stringify(body, null, 1) }]
    }
    case 'csv': {
      const lines = ['series,t,value']
      for (const s of series) s.t.forEach((t, i) => lines.push(`${s.name},${t},${s.value[i] ?? 'NaN'}`))
      return [{ name: `${base}.csv`, mime: 'text/csv', text: lines.join('\n') + '\n' }]
    }
    case 'npy': {
      const files: ExportFile[] = []
      for (const s of series) {
        const data = new Float64Array(s.t.length * 2)
        s.t.forEach((t, i) => {
          data[2 * i] = t
          data[2 * i + 1] = s.value[i] ?? NaN
        })
        files.push({ name: `${base}/series/${safeName(s.name)}.npy`, mime: 'application/octet-stream', base64: Buffer.from(encodeNpy(data, [s.t.length, 2])).toString('base64') })
      }
      for (const a of artifacts.values())
        files.push({ name: `${base}/artifacts/${safeName(a.name)}.npy`, mime: 'application/octet-stream', base64: Buffer.from(encodeNpy(a.data, a.shape)).toString('base64') })
      return files
    }
  }
}
