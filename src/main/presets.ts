// Presets: the paper figures as ready-made specs, one JSON file each in resources/presets.
import { readdir, readFile } from 'node:fs/promises'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import type { Preset } from '@shared/api'
import { parseOrThrow } from '@shared/validate'

const PresetFile = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/),
  title: z.string().min(1),
  description: z.string(),
  kind: z.enum(['run', 'sweep', 'study']),
  spec: z.unknown()
})

/** resources/presets, found from the sources (src/main) or from the bundle (out/main). */
export function presetsDir(): string {
  const here = dirname(fileURLToPath(import.meta.url))
  return process.env.LAB_PRESETS ?? resolve(here, '../../resources/presets')
}

export async function loadPresets(dir = presetsDir()): Promise<Preset[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort()
  return Promise.all(
    files.map(async (f) => {
      const raw = JSON.parse(await readFile(join(dir, f), 'utf8'))
      return parseOrThrow(PresetFile, raw, `preset ${f}`) as Preset
    })
  )
}
