// Hash routes of the lab: #/runs, #/run/<id>, #/compare?ids=a,b, #/new, #/sweeps, #/mnist, #/linear, #/kernels, #/elasticity.
export type RouteName = 'runs' | 'run' | 'compare' | 'new' | 'sweeps' | 'mnist' | 'linear' | 'kernels' | 'elasticity' | 'notFound'

export interface Route {
  name: RouteName
  /** path parameters, e.g. { id } for #/run/<id> */
  params: Record<string, string>
  query: Record<string, string>
  /** the hash without its leading '#' */
  path: string
}

export function parseQuery(text: string): Record<string, string> {
  const query: Record<string, string> = {}
  if (!text) return query
  for (const part of text.split('&')) {
    if (!part) continue
    const eq = part.indexOf('=')
    const key = decodeURIComponent(eq < 0 ? part : part.slice(0, eq))
    const value = eq < 0 ? '' : decodeURIComponent(part.slice(eq + 1).replace(/\+/g, ' '))
    query[key] = value
  }
  return query
}

export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '') || '/runs'
  const q = raw.indexOf('?')
  const pathPart = q < 0 ? raw : raw.slice(0, q)
  const query = parseQuery(q < 0 ? '' : raw.slice(q + 1))
  const segments = pathPart.split('/').filter(Boolean)
  const path = raw
  const [head, ...rest] = segments
  switch (head ?? 'runs') {
    case 'runs':
      return { name: 'runs', params: {}, query, path }
    case 'run':
      if (rest.length === 1) return { name: 'run', params: { id: decodeURIComponent(rest[0]) }, query, path }
      break
    case 'compare':
      return { name: 'compare', params: {}, query, path }
    case 'new':
      return { name: 'new', params: {}, query, path }
    case 'sweeps':
      return { name: 'sweeps', params: {}, query, path }
    case 'mnist':
      return { name: 'mnist', params: {}, query, path }
    case 'elasticity':
      return { name: 'elasticity', params: {}, query, path }
    case 'kernels':
      return { name: 'kernels', params: {}, query, path }
    case 'linear':
      return { name: 'linear', params: {}, query, path }
  }
  return { name: 'notFound', params: {}, query, path }
}

/** Build '#/path?k=v' from a path and a query; empty values are left out. */
export function buildHash(path: string, query: Record<string, string | number | boolean | null | undefined> = {}): string {
  const parts: string[] = []
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue
    // commas stay readable: ids=a,b
    parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(value)).replace(/%2C/g, ',').replace(/%2F/g, '/')}`)
  }
  return '#' + path + (parts.length ? '?' + parts.join('&') : '')
}

/** Split 'a,b' lists; commas inside brackets stay (series names like 'sgd/Q[0,1]'). */
export function splitList(value: string | undefined): string[] {
  const out: string[] = []
  let depth = 0
  let current = ''
  for (const ch of value ?? '') {
    if (ch === '[') depth++
    else if (ch === ']') depth = Math.max(0, depth - 1)
    if (ch === ',' && depth === 0) {
      out.push(current)
      current = ''
    } else current += ch
  }
  out.push(current)
  return out.map((s) => s.trim()).filter(Boolean)
}
