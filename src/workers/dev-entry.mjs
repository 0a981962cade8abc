// Worker entry when running from the TypeScript sources (CLI, `lab serve`, tests):
// tsx compiles task.ts on the fly, resolving the path aliases from tsconfig.node.json.
// The desktop app uses the bundled task.js instead.
import { fileURLToPath } from 'node:url'
import { tsImport } from 'tsx/esm/api'

const tsconfig = fileURLToPath(new URL('../../tsconfig.node.json', import.meta.url))
const { default: poolTask, inline: inlineTask, preview: previewTask } = await tsImport('./task.ts', { parentURL: import.meta.url, tsconfig })

export default function task(input) {
  return poolTask(input)
}

export function inline(input, signal) {
  return inlineTask(input, signal)
}

export function preview(input) {
  return previewTask(input)
}
