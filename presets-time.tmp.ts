import { readFileSync } from 'node:fs'
import { runEngine } from '@engines/index'
import { parseRunSpec } from '@shared/validate'
for (const id of ['advani-saxe-learning-curves', 'advani-saxe-double-descent', 'advani-saxe-double-descent-model', 'advani-saxe-spectrum', 'advani-saxe-relu-bound']) {
  const spec = parseRunSpec(JSON.parse(readFileSync(`resources/presets/${id}.json`, 'utf8')).spec)
  const t0 = performance.now()
  let summary: unknown = null
  for (const r of runEngine(spec)) if (r.type === 'summary') summary = r.values
  console.log(id, ((performance.now() - t0) / 1000).toFixed(1), 's', JSON.stringify(summary).slice(0, 600))
}
