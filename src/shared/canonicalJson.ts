// JSON with object keys sorted at every depth: a stable identity for plain data (equal specs give
// equal text whatever their key order). Keys whose value is undefined are left out, as
// JSON.stringify does; a bare undefined gives 'null'. No dependencies, so the Runs view can use it
// without the spec schemas.
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`
  }
  return JSON.stringify(value) ?? 'null'
}
