// Worker entry when running from the TypeScript sources (CLI, `lab serve`, tests):
// tsx compiles task.ts on the fly. The desktop app uses the bundled task.js instead.
import { tsImport } from 'tsx/esm/api'

const { runTask } = await tsImport('./task.ts', import.meta.url)

export default function task(input) {
  return runTask(input)
}
