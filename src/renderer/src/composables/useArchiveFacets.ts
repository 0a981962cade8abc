// Counts over the whole archive (runs by status and engine, the tags in use), asked of the store
// and kept fresh by LabEvents: the navigation's counters and the Runs view's filter chips.
import { ref, shallowRef } from 'vue'
import type { RunPage } from '@shared/api'
import { lab } from '@renderer/api/client'
import { onLabEvent, onReconnect } from './useRuns'

type Facets = NonNullable<RunPage['facets']>
const facets = shallowRef<Facets>({ total: 0, status: {}, engine: {}, tags: [] })
const known = ref(false)
let started = false
let timer: ReturnType<typeof setTimeout> | null = null

async function refresh(): Promise<void> {
  try {
    const page = await lab.pageRuns({ limit: 0, facets: true })
    if (page.facets) facets.value = page.facets
    known.value = true
  } catch {
    /* the connection state tells the user; the next event retries */
  }
}

function schedule(): void {
  if (timer !== null) return
  timer = setTimeout(() => {
    timer = null
    void refresh()
  }, 300)
}

export function useArchiveFacets() {
  if (!started) {
    started = true
    onLabEvent((e) => {
      if (e.type !== 'progress') schedule()
    })
    onReconnect(schedule)
    void refresh()
  }
  return { facets, known, refresh: schedule }
}
