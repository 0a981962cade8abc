// The sources (relative to the clone) of a bundled file out/cli/<file> and of the chunks it imports
// statically, read from their source maps: what a command or the worker loads at start.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'

export function staticSources(dir: string, file: string, seen = new Set<string>()): Set<string> {
  if (seen.has(file)) return new Set()
  seen.add(file)
  const code = readFileSync(join(dir, file), 'utf8')
  const sources = new Set<string>((JSON.parse(readFileSync(join(dir, `${file}.map`), 'utf8')) as { sources: string[] }).sources.map((s) => s.replace(/^(\.\.\/)+/, '')))
  // static imports only: `from"./x.js"` and `import"./x.js"`, not import("./x.js")
  for (const m of code.matchAll(/(?:from|import)\s*"\.\/([^"]+\.js)"/g)) for (const s of staticSources(dir, m[1], seen)) sources.add(s)
  return sources
}
