// The New-run form: which fields each engine has, in which sections, with which inputs.
// Values are validated by the shared schema (parseRunSpec); this only describes the inputs.
import { HmmModel, InputMap, LATENT_KINDS, LatentSpec, OdeSpec, Standardize, StudentActivation } from '@shared/spec'
import { ENGINES, RUN_SPEC_SCHEMAS } from '@shared/runSpec'

/** Engines with a form; every other engine is edited as JSON. */
export const FORM_ENGINES = ['hmm', 'linear'] as const
export const OTHER_ENGINES: string[] = ENGINES.filter((e) => !(FORM_ENGINES as readonly string[]).includes(e))
export const hasForm = (engine: unknown) => (FORM_ENGINES as readonly unknown[]).includes(engine)

/** the options of an enum field of one latent kind, read from the schema */
function latentEnum(kind: string, field: string, fallback: readonly string[]): readonly string[] {
  const option = LatentSpec.options.find((o) => (o.shape.kind as { value?: string }).value === kind)
  const schema = (option?.shape as Record<string, unknown> | undefined)?.[field] as { unwrap?: () => { options?: readonly string[] } } | undefined
  return schema?.unwrap?.().options ?? fallback
}

export type FieldKind = 'int' | 'float' | 'text' | 'textarea' | 'enum' | 'bool' | 'tags' | 'multi'

export interface FieldDef {
  path: string
  label: string
  kind: FieldKind
  options?: readonly string[]
  /** may be left empty (then the field is removed from the spec) */
  optional?: boolean
  help?: string
  /** shown only when this returns true for the current spec */
  visible?: (spec: Record<string, unknown>) => boolean
  /** a grid sweep may vary this field */
  sweepable?: boolean
}

export interface FieldSection {
  title: string
  fields: FieldDef[]
}

const latentKind = (spec: Record<string, unknown>) => (spec.latent as { kind?: string } | undefined)?.kind
const latentIs = (...kinds: string[]) => (spec: Record<string, unknown>) => kinds.includes(latentKind(spec) ?? '')

const COMMON: FieldSection = {
  title: 'Run',
  fields: [
    { path: 'name', label: 'Name', kind: 'text', help: 'shown in the Runs table; may be empty. A grid sweep takes it, its runs read "name · η = 0.1 · seed 2"' },
    { path: 'seed', label: 'Seed', kind: 'int', help: 'fixes F, teacher, initial weights and the SGD samples', sweepable: true },
    { path: 'tags', label: 'Tags', kind: 'tags', help: 'comma-separated' },
    { path: 'notes', label: 'Notes', kind: 'textarea' }
  ]
}

const ENUM = {
  activation: StudentActivation.options,
  inputMap: InputMap.options,
  standardize: Standardize.options,
  init: HmmModel.shape.init.unwrap().options,
  teacherV: HmmModel.shape.teacherV.unwrap().options,
  features: HmmModel.shape.features.unwrap().options,
  teacher: HmmModel.shape.teacher.unwrap().options,
  method: OdeSpec.shape.method.unwrap().options,
  teacherTerm: OdeSpec.shape.teacherTerm.unwrap().options
}
const modelIs = (key: 'features' | 'teacher', value: string) => (spec: Record<string, unknown>) => (spec.model as Record<string, unknown> | undefined)?.[key] === value

export const HMM_SECTIONS: FieldSection[] = [
  COMMON,
  {
    title: 'Model (hidden manifold)',
    fields: [
      { path: 'model.N', label: 'N', kind: 'int', help: 'input dimension', sweepable: true },
      { path: 'model.D', label: 'D', kind: 'int', help: 'latent dimension; δ = D/N', sweepable: true },
      { path: 'model.K', label: 'K', kind: 'int', help: 'student hidden units', sweepable: true },
      { path: 'model.M', label: 'M', kind: 'int', help: 'teacher hidden units', sweepable: true },
      { path: 'model.g', label: 'g (student)', kind: 'enum', options: ENUM.activation, help: 'the ODE has erf, relu, linear', sweepable: true },
      { path: 'model.teacherG', label: 'g̃ (teacher)', kind: 'enum', options: ENUM.activation, sweepable: true },
      { path: 'model.f', label: 'f (input map)', kind: 'enum', options: ENUM.inputMap, help: 'x = f(cF/√D)', sweepable: true },
      { path: 'model.trainSecondLayer', label: 'Train v', kind: 'bool', help: 'train the second layer v_k', sweepable: true },
      { path: 'model.init', label: 'Init', kind: 'enum', options: ENUM.init, help: 'small: weights × 1e-3', sweepable: true },
      { path: 'model.teacherV', label: 'Teacher ṽ', kind: 'enum', options: ENUM.teacherV, sweepable: true },
      { path: 'model.features', label: 'Features F', kind: 'enum', options: ENUM.features, help: 'iid N(0,1), or Ω = FFᵀ/N with eigenvalues ∝ r^(−a)', sweepable: true },
      { path: 'model.featureDecay', label: 'a (spectrum)', kind: 'float', help: 'power-law decay of Ω’s spectrum', visible: modelIs('features', 'power-law'), sweepable: true },
      { path: 'model.teacher', label: 'Teacher w̃', kind: 'enum', options: ENUM.teacher, help: 'random, or on the top eigenvectors of Ω', sweepable: true },
      { path: 'model.teacherModes', label: 'Top modes', kind: 'int', help: 'how many of Ω’s top eigenvectors the teacher spans', visible: modelIs('teacher', 'top-modes'), sweepable: true }
    ]
  },
  {
    title: 'Latent distribution',
    fields: [
      { path: 'latent.kind', label: 'Kind', kind: 'enum', options: LATENT_KINDS, sweepable: true },
      { path: 'latent.m', label: 'm', kind: 'int', help: 'mixture components', visible: latentIs('mixture'), sweepable: true },
      { path: 'latent.alpha', label: 'α', kind: 'float', help: 'means have entries U[−α, α]', visible: latentIs('mixture'), sweepable: true },
      {
        path: 'latent.components',
        label: 'Components',
        kind: 'enum',
        options: latentEnum('mixture', 'components', ['vector', 'coordinate']),
        help: 'vector: one component per latent vector; coordinate: per coordinate',
        visible: latentIs('mixture'),
        sweepable: true
      },
      { path: 'latent.a', label: 'a', kind: 'float', visible: latentIs('uniform', 'beta'), sweepable: true },
      { path: 'latent.b', label: 'b', kind: 'float', visible: latentIs('uniform', 'beta', 'laplace'), sweepable: true },
      { path: 'latent.lambda', label: 'λ', kind: 'float', visible: latentIs('poisson'), sweepable: true },
      { path: 'latent.mu', label: 'μ', kind: 'float', visible: latentIs('laplace'), sweepable: true },
      { path: 'latent.shape', label: 'shape', kind: 'float', visible: latentIs('pareto'), sweepable: true },
      { path: 'latent.scale', label: 'scale', kind: 'float', visible: latentIs('pareto'), sweepable: true },
      { path: 'latent.x0', label: 'x₀', kind: 'float', visible: latentIs('lorentz'), sweepable: true },
      { path: 'latent.gamma', label: 'γ', kind: 'float', visible: latentIs('lorentz'), sweepable: true },
      { path: 'latent.standardize', label: 'Standardise', kind: 'enum', options: ENUM.standardize, help: 'per dimension c_r ← (c_r − E c_r)/√Var c_r; whiten: c ← Σ_c^(−1/2)(c − E c)', sweepable: true },
      {
        path: 'latent.standardizeSamples',
        label: 'Samples',
        kind: 'int',
        help: 'draws used to estimate the moments',
        visible: (s) => (s.latent as { standardize?: string } | undefined)?.standardize === 'sample'
      }
    ]
  },
  {
    title: 'Training (online SGD)',
    fields: [
      { path: 'train.lr', label: 'η', kind: 'float', help: 'learning rate', sweepable: true },
      { path: 'train.tMax', label: 't_max', kind: 'float', help: 'time t = steps / N', sweepable: true },
      { path: 'train.tMin', label: 't_min', kind: 'float', help: 'first log-spaced record time' },
      { path: 'train.testSamples', label: 'Test samples', kind: 'int', help: 'fixed test set for ε_g' },
      { path: 'train.points', label: 'Points', kind: 'int', help: 'recorded times (log grid)' }
    ]
  },
  {
    title: 'Solvers and ODE',
    fields: [
      { path: 'solve', label: 'Solve', kind: 'multi', options: ['sgd', 'ode'], help: 'SGD simulation, ODE theory, or both' },
      { path: 'ode.dt', label: 'dt', kind: 'float', help: 'integration step', sweepable: true },
      { path: 'ode.method', label: 'Method', kind: 'enum', options: ENUM.method, sweepable: true },
      { path: 'ode.teacherTerm', label: 'Teacher term', kind: 'enum', options: ENUM.teacherTerm, help: 'per-mode μ₁ρ_τω_nτω_mτ (exact), or its τ-average as in Goldt’s C++', sweepable: true },
      { path: 'ode.mu1', label: 'μ₁', kind: 'float', optional: true, help: 'override E[u f(u)]; empty = from f' },
      { path: 'ode.mu2', label: 'μ₂', kind: 'float', optional: true, help: 'override E[f(u)²]; empty = from f' }
    ]
  }
]

export const LINEAR_SECTIONS: FieldSection[] = [
  COMMON,
  {
    title: 'Linear student (Advani & Saxe)',
    fields: [
      { path: 'N', label: 'N', kind: 'int', help: 'input dimension', sweepable: true },
      { path: 'P', label: 'P', kind: 'int', help: 'training examples; α = P/N (or give alpha in JSON)', sweepable: true },
      { path: 'sigmaW', label: 'σ_w', kind: 'float', help: 'teacher weight scale', sweepable: true },
      { path: 'sigmaW0', label: 'σ_w0', kind: 'float', help: 'initial student weight scale (or inr = σ_w0²/σ_w² in JSON)', sweepable: true },
      { path: 'sigmaEps', label: 'σ_ε', kind: 'float', help: 'label noise (or snr = σ_w²/σ_ε² in JSON)', sweepable: true }
    ]
  },
  {
    title: 'Gradient descent and records',
    fields: [
      { path: 'lr', label: 'η', kind: 'float', help: 'step; t = steps·η (τ = 1); stable for η(1 + √α)² < 2', sweepable: true },
      { path: 'tMax', label: 't_max', kind: 'float', sweepable: true },
      { path: 'points', label: 'Points', kind: 'int', help: 'log-spaced record times (t = 0 too)' },
      { path: 'solve', label: 'Solve', kind: 'multi', options: ['gd', 'theory', 'typical'], help: 'gradient descent, eq. 1 on its dataset, the typical (Marchenko–Pastur) dataset' },
      { path: 'bins', label: 'Bins', kind: 'int', help: 'spectrum histogram' }
    ]
  }
]

export function sectionsFor(engine: unknown): FieldSection[] {
  return engine === 'linear' ? LINEAR_SECTIONS : HMM_SECTIONS
}

function schemaOf(engine: unknown) {
  return typeof engine === 'string' && Object.hasOwn(RUN_SPEC_SCHEMAS, engine) ? RUN_SPEC_SCHEMAS[engine as keyof typeof RUN_SPEC_SCHEMAS] : null
}

/** A spec of the engine with every default filled in (just { engine } when it has required fields). */
export function defaultSpec(engine: string): Record<string, unknown> {
  return withDefaults({ engine })
}

/** Fill defaults of a partial spec when it parses; otherwise keep it as it is (errors will show). */
export function withDefaults(spec: unknown): Record<string, unknown> {
  const input = (spec && typeof spec === 'object' ? spec : {}) as Record<string, unknown>
  const schema = schemaOf(input.engine)
  if (!schema) return { ...input }
  const parsed = schema.safeParse(input)
  return parsed.success ? (parsed.data as Record<string, unknown>) : { ...input }
}

/** The latent object for a new kind: its defaults, keeping the standardisation settings. */
export function latentForKind(kind: string, previous: unknown): Record<string, unknown> {
  const prev = (previous ?? {}) as Record<string, unknown>
  const parsed = LatentSpec.safeParse({ kind, standardize: prev.standardize, standardizeSamples: prev.standardizeSamples })
  return parsed.success ? parsed.data : { kind }
}

/** Fields a sweep axis may vary, for the path picker. */
export function sweepablePaths(engine: unknown): FieldDef[] {
  return sectionsFor(engine).flatMap((s) => s.fields.filter((f) => f.sweepable))
}

/** All paths the form shows, to tell field errors from the rest. */
export function formPaths(engine: unknown): Set<string> {
  return new Set(sectionsFor(engine).flatMap((s) => s.fields.map((f) => f.path)))
}
