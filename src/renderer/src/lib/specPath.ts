// Read and write spec fields by their issue path ('model.K', 'latent.alpha', 'solve').

export function pathKeys(path: string): (string | number)[] {
  const keys: (string | number)[] = []
  for (const part of path.split('.')) {
    if (!part) continue
    const re = /([^[\]]+)|\[(\d+)\]/g
    let m: RegExpExecArray | null
    while ((m = re.exec(part))) keys.push(m[2] !== undefined ? Number(m[2]) : m[1])
  }
  return keys
}

export function getIn(obj: unknown, path: string): unknown {
  let cur: unknown = obj
  for (const key of pathKeys(path)) {
    if (cur === null || typeof cur !== 'object') return undefined
    cur = (cur as Record<string | number, unknown>)[key]
  }
  return cur
}

/** A copy of obj with the value at path replaced (undefined deletes it); intermediate objects are created. */
export function setIn<T>(obj: T, path: string, value: unknown): T {
  const keys = pathKeys(path)
  if (!keys.length) return value as T
  const write = (node: unknown, i: number): unknown => {
    const key = keys[i]
    const base: Record<string | number, unknown> | unknown[] = Array.isArray(node)
      ? node.slice()
      : node && typeof node === 'object'
        ? { ...(node as Record<string, unknown>) }
        : typeof key === 'number'
          ? []
          : {}
    const rec = base as Record<string | number, unknown>
    if (i === keys.length - 1) {
      if (value === undefined && !Array.isArray(base)) delete rec[key]
      else rec[key] = value
    } else rec[key] = write(rec[key], i + 1)
    return base
  }
  return write(obj, 0) as T
}
