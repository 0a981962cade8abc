// THE one API surface. IPC (index.ts), HTTP/WebSocket (server.ts) and the CLI (cli.ts) are thin
// transports over `Lab.call(method, rawArg)`, which parses every argument with the schemas of
// src/shared/api.ts before any handler sees it.
import type { ApiMethod, ApiResults, Envelope, LabEvent, RunRow } from '@shared/api'
import { apiArgs, FINAL_STATUSES } from '@shared/api'
import { parseRunSpec, parseOrThrow, ValidationError } from '@shared/validate'
import type { RunSpec } from '@shared/runSpec'
import type { EngineInputs } from '@workers/records'
import { prepareInputs } from './inputs'
import { applyOverrides } from '@shared/overrides'
import { provenanceOf } from '@shared/versions'
import { exportRun } from './export'
import { mnistPreview } from '@main/mnist/preview'
import { loadPresets } from './presets'
import { Runner, type RunnerOptions } from '@main/runner/runner'
import { archiveErrorOf, openDatabase, type OpenOptions } from '@main/store/database'
import { NotFoundError, RunStore } from '@main/store/runStore'
import { planSweep } from './sweeps'
import { checkCost, type CostLimits } from '@shared/cost'
import { resolveLimits, workerHeapMb } from './limits'
import { clusterHandlers } from '@main/cluster/handlers'

export interface LabOptions extends RunnerOptions, OpenOptions {
  /** database file (':memory:' for tests) */
  db: string
  /** where presets live; default resources/presets */
  presetsDir?: string
  /** memory and time limits of one run (default: half the machine's memory, a week; src/main/limits.ts) */
  limits?: Partial<CostLimits>
}

type Handlers = { [K in ApiMethod]: (arg: ReturnType<(typeof apiArgs)[K]['parse']>) => Promise<ApiResults[K]> | ApiResults[K] }

export class Lab {
  readonly store: RunStore
  readonly runner: Runner
  private readonly presetsDir?: string
  readonly limits: CostLimits

  constructor(options: LabOptions) {
    this.limits = resolveLimits(options.limits)
    this.store = new RunStore(openDatabase(options.db, options))
    this.runner = new Runner(this.store, { heapMb: workerHeapMb(this.limits), ...options })
    this.presetsDir = options.presetsDir
  }

  /** Parse the argument with the method's schema, then run the handler. */
  async call<K extends ApiMethod>(method: K, rawArg: unknown): Promise<ApiResults[K]> {
    if (!Object.hasOwn(apiArgs, method)) throw new NotFoundError(`no API method '${String(method)}'`)
    const arg = parseOrThrow(apiArgs[method] as never, rawArg ?? undefined, `arguments of ${method}`)
    try {
      return await (this.handlers[method] as (a: unknown) => Promise<ApiResults[K]>)(arg)
    } catch (e) {
      // a damaged, read-only or full archive: say which file and what to do
      throw archiveErrorOf(this.store.db.name, e) ?? e
    }
  }

  /** The same, answering with the envelope every transport sends. */
  async callEnvelope(method: string, rawArg: unknown): Promise<Envelope<unknown>> {
    try {
      return { ok: true, value: await this.call(method as ApiMethod, rawArg) }
    } catch (e) {
      return { ok: false, error: errorBody(e) }
    }
  }

  subscribe(listener: (event: LabEvent) => void): () => void {
    return this.runner.subscribe(listener)
  }

  async close(): Promise<void> {
    await this.runner.close()
    this.store.db.close()
  }

  /**
   * Read what the run needs (a bad file throws here, before anything is stored), then store it
   * as a queued run and hand it to the pool. Resolves once queued; `done` when it ends.
   */
  async startRun(spec: RunSpec, extra: { sweepId?: string; sweepKey?: string } = {}): Promise<{ run: RunRow; done: Promise<RunRow> }> {
    checkCost(spec, this.limits)
    return this.queue(spec, await prepareInputs(spec, this.store), extra)
  }

  private queue(spec: RunSpec, inputs: EngineInputs, extra: { sweepId?: string; sweepKey?: string }): { run: RunRow; done: Promise<RunRow> } {
    const run = this.store.createRun({ name: spec.name || defaultName(spec), engine: spec.engine, spec, seed: spec.seed, tags: spec.tags, notes: spec.notes, provenance: provenanceOf(spec.engine), ...extra })
    this.runner.emit({ type: 'created', runId: run.id })
    const done = this.runner.submit(run, inputs)
    done.catch(() => undefined)
    return { run, done }
  }

  private readonly handlers: Handlers = {
    listRuns: (f) => this.store.listRuns(f),
    pageRuns: (f) => this.store.pageRuns(f),
    getRun: ({ id }) => this.store.getRun(id),
    listSeries: ({ id }) => this.store.listSeries(id),
    getSeries: ({ id, names }) => this.store.getSeries(id, names),
    // both read synchronously in one turn of the event loop: no batch of points is stored between them
    getRunSeries: ({ id }) => ({ run: this.store.getRun(id), series: this.store.getSeries(id) }),
    listArtifacts: ({ id }) => this.store.listArtifacts(id),
    createRun: async (arg) => {
      const spec = await this.resolveSpec(arg)
      return (await this.startRun(spec)).run
    },
    createSweep: async ({ sweep }) => {
      const plan = planSweep(this.store, sweep, (spec) => checkCost(spec, this.limits))
      let inputs: EngineInputs[]
      try {
        inputs = await Promise.all(plan.todo.map((p) => prepareInputs(p.spec, this.store)))
      } catch (e) {
        // a point's files cannot be read: a sweep stored just now is removed again, nothing half-written stays
        if (plan.created) this.store.deleteSweep(plan.sweep.id)
        throw e
      }
      const runs = plan.todo.map((p, i) => this.queue(p.spec, inputs[i], { sweepId: plan.sweep.id, sweepKey: p.key }).run)
      return { sweep: this.store.getSweep(plan.sweep.id), runs, skipped: plan.skipped }
    },
    startPreset: async ({ id, set }) => {
      const preset = (await loadPresets(this.presetsDir)).find((p) => p.id === id)
      if (!preset) throw new ValidationError([{ path: 'id', message: `no preset '${id}'` }], 'request')
      if (preset.kind !== 'sweep') return { kind: preset.kind, run: await this.handlers.createRun({ preset: id, set }) }
      // overrides apply to the sweep's base spec (e.g. model.N=200, seed=3)
      const raw = preset.spec as { base?: unknown }
      const sweep = set.length ? { ...raw, base: applyOverrides(raw.base ?? {}, set) } : raw
      return { kind: 'sweep', ...(await this.handlers.createSweep({ sweep })) }
    },
    rerun: async ({ id, seed }) => {
      const old = this.store.getRun(id)
      const spec = parseRunSpec({ ...old.spec, seed: seed ?? old.seed, name: seed === undefined || seed === old.seed ? old.name : `${old.name} (seed ${seed})` })
      return (await this.startRun(spec)).run
    },
    cancelRun: ({ id }) => {
      const run = this.store.getRun(id)
      if (FINAL_STATUSES.includes(run.status) && !this.runner.isActive(run.id)) throw new ConflictError(`run ${run.id} is already ${run.status}: nothing was cancelled`)
      return this.runner.cancel(run.id)
    },
    deleteRun: ({ id }) => {
      const full = this.store.resolveId(id)
      if (this.runner.isActive(full)) this.runner.cancel(full)
      this.store.deleteRun(full)
      this.runner.emit({ type: 'deleted', runId: full })
      return { id: full }
    },
    renameRun: ({ id, name }) => this.updated(this.store.update(id, { name })),
    setTags: ({ id, tags }) => this.updated(this.store.update(id, { tags })),
    setNotes: ({ id, notes }) => this.updated(this.store.update(id, { notes })),
    exportRun: ({ id, format }) => exportRun(this.store, id, format),
    listPresets: () => loadPresets(this.presetsDir),
    listSweeps: () => this.store.listSweeps(),
    getSweep: ({ id }) => this.store.getSweep(id),
    getArtifact: ({ id, name, rows }) => {
      const a = this.store.getArtifact(id, name)
      const perRow = a.shape.length > 1 ? a.data.length / Math.max(1, a.shape[0]) : 1
      const keep = rows === undefined || a.shape.length === 0 ? a.shape[0] : Math.min(rows, a.shape[0])
      const data = rows === undefined ? a.data : a.data.subarray(0, keep * perRow)
      const shape = rows === undefined ? a.shape : [keep, ...a.shape.slice(1)]
      return { name, shape, fullShape: a.shape, base64: Buffer.from(data.buffer, data.byteOffset, data.byteLength).toString('base64') }
    },
    mnistPreview: (arg) => mnistPreview(this.store, (input) => this.runner.preview(input), arg),
    ...clusterHandlers(this),
    validateSpec: ({ spec }) => {
      try {
        const parsed = parseRunSpec(spec)
        checkCost(parsed, this.limits)
        return { ok: true, spec: parsed as unknown as Record<string, unknown> }
      } catch (e) {
        if (e instanceof ValidationError) return { ok: false, issues: e.issues }
        throw e
      }
    }
  }

  private updated(run: RunRow): RunRow {
    this.runner.emit({ type: 'updated', runId: run.id })
    return run
  }

  private async resolveSpec(arg: { spec?: unknown; preset?: string; set: string[] }): Promise<RunSpec> {
    let base: unknown = arg.spec
    if (arg.preset !== undefined) {
      const preset = (await loadPresets(this.presetsDir)).find((p) => p.id === arg.preset)
      if (!preset) throw new ValidationError([{ path: 'preset', message: `no preset '${arg.preset}'` }], 'request')
      if (preset.kind === 'sweep') throw new ValidationError([{ path: 'preset', message: `preset '${arg.preset}' is a sweep, not a single run: use startPreset (lab run <preset> does)` }], 'request')
      base = preset.spec
    }
    return parseRunSpec(applyOverrides(base, arg.set))
  }
}

function defaultName(spec: RunSpec): string {
  if (spec.engine === 'hmm') {
    const m = spec.model
    const latent = spec.latent.kind === 'mixture' ? `GM(m=${spec.latent.m}, α=${spec.latent.alpha})` : spec.latent.kind
    return `hmm N=${m.N} D=${m.D} K=${m.K} ${m.g} ${latent}${spec.latent.standardize !== 'none' ? ' std' : ''} seed ${spec.seed}`
  }
  if (spec.engine === 'linear') return `linear N=${spec.N} P=${spec.P} σ_ε=${spec.sigmaEps} seed ${spec.seed}`
  if (spec.engine === 'linear-dd') return `double descent over ${spec.axis === 'alpha' ? `α (N=${spec.N})` : `N (P=${spec.P})`}, SNR ${spec.snrs.join('/')} seed ${spec.seed}`
  if (spec.engine === 'linear-relu') return `random ReLU features N_i=${spec.Ni} P=${spec.P}, N_h ${spec.hidden[0]}–${spec.hidden.at(-1)} seed ${spec.seed}`
  if (spec.engine === 'kl') return `KL of GM(m) vs α, d=${spec.d}${spec.standardize !== 'none' ? ' std' : ''} seed ${spec.seed}`
  if (spec.engine === 'mnist-fit') return `MNIST fit P=${spec.P} D=${spec.D} ${spec.f} seed ${spec.seed}`
  if (spec.engine === 'pseudoreal') return `pseudo-real K=${spec.model.K} ${spec.model.g} lr=${spec.train.lr} on ${spec.pipeline} seed ${spec.seed}`
  if (spec.engine === 'le-sde') return `LE-SDE ${spec.model}-model K=${spec.K} p=${spec.p} n=${spec.n} seed ${spec.seed}`
  if (spec.engine === 'le-phase') return `LE separation phase diagram, K=${spec.K}, ${spec.seeds} seeds`
  if (spec.engine === 'le-train') return `LE training ${spec.data.kind === 'geomnist' ? 'GeoMNIST' : `IDX classes ${spec.data.classes.join(',')}`} MLP ${spec.network.hidden.join('-')} p_err=${spec.pErr} seed ${spec.seed}`
  if (spec.engine === 'le-collapse') return `LE neural collapse, K=${spec.Ks.join(',')} seed ${spec.seed}`
  if (spec.engine === 'nngp') {
    const inp = spec.inputs.kind === 'gaussian' ? `${spec.inputs.n} Gaussian points, d=${spec.inputs.d}` : `${spec.inputs.n} images, pool ${spec.inputs.pool}`
    return `NNGP/NTK ${spec.phi} depth ${spec.depth} σw²=${spec.sigmaW2} σb²=${spec.sigmaB2} on ${inp}`
  }
  if (spec.engine === 'ntk-width') return `finite width vs NTK, ${spec.phi} depth ${spec.depth}, widths ${spec.widths[0]}…${spec.widths[spec.widths.length - 1]} seed ${spec.seed}`
  if (spec.engine === 'ntk-train') return `kernel-regime training, ${spec.phi} depth ${spec.depth} width ${spec.width}, η=${spec.lrFactor}η_c seed ${spec.seed}`
  if (spec.engine === 'scaling')
    return `scaling laws, ${spec.features.kind === 'powerlaw' ? `power law α_K=${spec.features.alphaK}, S=${spec.features.S}` : `NNGP features on ${spec.features.n} images`} seed ${spec.seed}`
  return `cumulant dominance, ${spec.latents.length} distributions, seed ${spec.seed}`
}

/** A request that cannot apply to the thing's current state (HTTP 409), e.g. cancelling a finished run. */
export class ConflictError extends Error {
  override readonly name = 'ConflictError'
}

export function errorBody(e: unknown): { name: string; message: string; issues?: { path: string; message: string }[]; code?: string } {
  if (e instanceof ValidationError) return { name: e.name, message: e.message, issues: e.issues }
  if (e instanceof Error) return { name: e.name, message: e.message }
  return { name: 'Error', message: String(e) }
}
