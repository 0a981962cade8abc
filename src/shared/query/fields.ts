// What a query key or a sort key refers to. The store compiles these to SQL (json_extract on the
// stored spec and summary); the names are those of the Runs table's columns.

/** A run's own column. */
export interface ColumnField {
  kind: 'column'
  column: 'id' | 'name' | 'engine' | 'status' | 'seed' | 'sweep_id' | 'created_at'
}
/** Its tags: a predicate holds when it holds for one tag. */
export interface TagsField {
  kind: 'tags'
}
/** Values inside the stored JSON: the first of these JSON paths that is present. */
export interface JsonField {
  kind: 'json'
  paths: { source: 'spec' | 'summary'; path: string }[]
}
export type QueryField = ColumnField | TagsField | JsonField

/** Quote one path segment for SQLite's JSON path syntax: $."a.b"[0] */
function segment(s: string): string {
  const m = /^(.*?)((\[\d+\])*)$/.exec(s)!
  return `."${m[1]}"${m[2]}`
}
/** A dotted path as a SQLite JSON path, e.g. model.N → $."model"."N". */
export const jsonPath = (dotted: string) => '$' + dotted.split('.').map(segment).join('')
/** The same key stored flat ('sgd.egFinal') or nested ({ sgd: { egFinal } }). */
const summaryKey = (dotted: string) => [{ source: 'summary' as const, path: `$."${dotted}"` }, { source: 'summary' as const, path: jsonPath(dotted) }]
const spec = (...dotted: string[]): JsonField => ({ kind: 'json', paths: dotted.map((d) => ({ source: 'spec', path: jsonPath(d) })) })
const column = (c: ColumnField['column']): ColumnField => ({ kind: 'column', column: c })

/** Named fields (keys are case-sensitive only where the math is: N D K M P m). */
const NAMED: Record<string, QueryField> = {
  N: spec('model.N', 'N'),
  D: spec('model.D', 'D'),
  K: spec('model.K', 'K'),
  M: spec('model.M', 'M'),
  P: spec('model.P', 'P'),
  m: spec('latent.m'),
  alpha: spec('latent.alpha'),
  latent: spec('latent.kind'),
  std: spec('latent.standardize'),
  eta: spec('train.lr'),
  tMax: spec('train.tMax', 'tMax'),
  seed: column('seed'),
  status: column('status'),
  engine: column('engine'),
  name: column('name'),
  id: column('id'),
  sweep: column('sweep_id'),
  created: column('created_at'),
  tag: { kind: 'tags' },
  'eg:sgd': { kind: 'json', paths: summaryKey('sgd.egFinal') },
  'eg:ode': { kind: 'json', paths: summaryKey('ode.egFinal') },
  'eg:linear': { kind: 'json', paths: summaryKey('linear.egFinal') },
  'eg:any': { kind: 'json', paths: [...summaryKey('sgd.egFinal'), ...summaryKey('ode.egFinal'), ...summaryKey('linear.egFinal'), ...summaryKey('egFinal')] },
  dev: { kind: 'json', paths: [...summaryKey('dev.eg.final'), { source: 'summary', path: '$."dev"."eg.final"' }, { source: 'summary', path: '$."dev.eg"."final"' }] }
}

const CASE_SENSITIVE = new Set(['N', 'D', 'K', 'M', 'P', 'm'])
const ALIASES: Record<string, string> = {
  alpha: 'alpha',
  'α': 'alpha',
  eta: 'eta',
  'η': 'eta',
  lr: 'eta',
  latent: 'latent',
  std: 'std',
  standardize: 'std',
  seed: 'seed',
  status: 'status',
  engine: 'engine',
  tag: 'tag',
  tags: 'tag',
  name: 'name',
  id: 'id',
  sweep: 'sweep',
  tmax: 'tMax',
  created: 'created',
  sgd: 'eg:sgd',
  ode: 'eg:ode',
  linear: 'eg:linear',
  eg: 'eg:any',
  dev: 'dev'
}

/** The canonical name of a named field ('η' → 'eta', 'sgd' → 'eg:sgd'), or null for a spec path. */
export function namedField(key: string): string | null {
  return CASE_SENSITIVE.has(key) ? key : Object.hasOwn(ALIASES, key.toLowerCase()) ? ALIASES[key.toLowerCase()] : null
}

/** The field a query key names: a named field, else a dotted path in the spec, then in the summary. */
export function resolveField(key: string): QueryField {
  const named = namedField(key)
  if (named !== null) return NAMED[named]
  return { kind: 'json', paths: [{ source: 'spec', path: jsonPath(key) }, ...summaryKey(key)] }
}

/** Columns of the Runs table the store can sort by (the same keys as src/renderer/src/lib/runColumns.ts). */
export const SORT_FIELDS = {
  name: column('name'),
  engine: column('engine'),
  status: { kind: 'status-order' },
  created: column('created_at'),
  duration: { kind: 'duration' },
  N: NAMED.N,
  D: NAMED.D,
  K: NAMED.K,
  M: NAMED.M,
  P: NAMED.P,
  latent: NAMED.latent,
  alpha: NAMED.alpha,
  m: NAMED.m,
  std: NAMED.std,
  eta: NAMED.eta,
  seed: NAMED.seed,
  egSgd: NAMED['eg:sgd'],
  egOde: NAMED['eg:ode'],
  egLinear: NAMED['eg:linear'],
  dev: NAMED.dev,
  tags: { kind: 'tags' }
} as const satisfies Record<string, QueryField | { kind: 'status-order' } | { kind: 'duration' }>
export type SortKey = keyof typeof SORT_FIELDS
export const SORT_KEYS = Object.keys(SORT_FIELDS) as SortKey[]

/** Order of statuses when sorting by status: live runs first. */
export const STATUS_ORDER = ['running', 'queued', 'completed', 'diverged', 'failed', 'cancelled', 'interrupted'] as const

/** A sort or group key beyond the table's fixed columns: 'spec:train.lr', 'summary:sgd.egFinal'. */
const PATH_KEY = /^(spec|summary):([A-Za-z_][\w]*(\[\d+\])*(\.[A-Za-z_][\w]*(\[\d+\])*)*)$/
const FORBIDDEN = /(^|\.)(__proto__|prototype|constructor)(\.|$|\[)/

export type OrderField = (typeof SORT_FIELDS)[SortKey]

/**
 * The field of a column key: a fixed column of the Runs table (SORT_FIELDS), or any value of the
 * stored spec ('spec:<dotted path>') or summary ('summary:<dotted path>', flat or nested);
 * null for anything else.
 */
export function columnField(key: string): OrderField | JsonField | null {
  if (Object.hasOwn(SORT_FIELDS, key)) return SORT_FIELDS[key as SortKey]
  const m = PATH_KEY.exec(key)
  if (!m || FORBIDDEN.test(m[2]) || key.length > 200) return null
  if (m[1] === 'spec') return { kind: 'json', paths: [{ source: 'spec', path: jsonPath(m[2]) }] }
  return { kind: 'json', paths: summaryKey(m[2]) }
}
export const isColumnKey = (key: string): boolean => columnField(key) !== null

/** A field runs can be grouped by: one value per run (not the tag list, status order or duration). */
export function groupField(key: string): ColumnField | JsonField | null {
  const f = columnField(key)
  if (!f) return null
  if (key === 'status') return column('status')
  return f.kind === 'column' || f.kind === 'json' ? f : null
}
