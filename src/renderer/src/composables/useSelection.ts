// The runs selected in the Runs table (kept while moving between views).
import { reactive } from 'vue'

const selection = reactive(new Set<string>())

export function useSelection() {
  return selection
}

export function setSelection(ids: Iterable<string>): void {
  selection.clear()
  for (const id of ids) selection.add(id)
}
