// The Runs view's list: filtered, sorted and counted by the store, fetched a page at a time as
// the table scrolls (10 000 runs: the first page is drawn without loading the rest), refreshed
// when LabEvents say runs changed.
import { onScopeDispose, ref, shallowRef, watch, type Ref } from 'vue'
import type { RunFilter, RunPage, RunRow } from '@shared/api'
import { lab } from '@renderer/api/client'
import { onLabEvent, onReconnect } from './useRuns'

export type PageQuery = Pick<RunFilter, 'text' | 'status' | 'engine' | 'tag' | 'sort' | 'dir'> & {
  /** group by this column: the store orders rows by it first and counts every group */
  groupBy?: string
}

const PAGE = 200
/** the largest page the store serves (RunPageArgs) */
const MAX_PAGE = 2000

export function useRunPages(query: Ref<PageQuery>) {
  const rows = shallowRef<RunRow[]>([])
  const total = ref(0)
  const loaded = ref(false)
  const loading = ref(false)
  const error = shallowRef<unknown>(null)
  /** with groupBy: every group of the filtered runs and its count, as the store counted them */
  const groups = shallowRef<NonNullable<RunPage['groups']>>([])
  /** the groupBy the rows shown were ordered by (the table groups them only once they arrive) */
  const groupedBy = ref<string | undefined>(undefined)
  let generation = 0

  /** Fetch rows [offset, offset + count) of the current query, in pages the store accepts. */
  async function fetchRange(offset: number, count: number, gen: number): Promise<{ runs: RunRow[]; total: number; groups?: RunPage['groups'] } | null> {
    const runs: RunRow[] = []
    let n = 0
    let found: RunPage['groups']
    for (;;) {
      const page = await lab.pageRuns({ ...query.value, offset: offset + runs.length, limit: Math.min(MAX_PAGE, count - runs.length) })
      if (gen !== generation) return null
      runs.push(...page.runs)
      n = page.total
      found ??= page.groups
      if (page.runs.length === 0 || runs.length >= count) return { runs, total: n, groups: found }
    }
  }

  /** The first page of a new query (or all rows shown so far, when refreshing). */
  async function reload(keep = false): Promise<void> {
    const gen = ++generation
    const asked = query.value.groupBy
    loading.value = true
    try {
      const got = await fetchRange(0, keep ? Math.max(PAGE, rows.value.length) : PAGE, gen)
      if (!got) return
      rows.value = got.runs
      total.value = got.total
      groups.value = got.groups ?? []
      groupedBy.value = asked
      error.value = null
      loaded.value = true
    } catch (e) {
      if (gen === generation) error.value = e
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  /** The next page, when the table nears the end of what is loaded. */
  async function loadMore(): Promise<void> {
    if (loading.value || rows.value.length >= total.value) return
    const gen = generation
    loading.value = true
    try {
      const got = await fetchRange(rows.value.length, PAGE, gen)
      if (!got) return
      const have = new Set(rows.value.map((r) => r.id))
      rows.value = [...rows.value, ...got.runs.filter((r) => !have.has(r.id))]
      total.value = got.total
    } catch (e) {
      if (gen === generation) error.value = e
    } finally {
      if (gen === generation) loading.value = false
    }
  }

  let timer: ReturnType<typeof setTimeout> | null = null
  const refreshSoon = () => {
    if (timer !== null) return
    timer = setTimeout(() => {
      timer = null
      void reload(true)
    }, 250)
  }
  const stopEvents = onLabEvent((e) => {
    if (e.type !== 'progress') refreshSoon()
  })
  const stopReconnect = onReconnect(refreshSoon)
  onScopeDispose(() => {
    stopEvents()
    stopReconnect()
    if (timer !== null) clearTimeout(timer)
  })
  watch(query, () => void reload(), { deep: true, immediate: true })

  /** Put rows the view changed itself (rename, tags) in place without a round trip. */
  function patch(updated: RunRow[]): void {
    const byId = new Map(updated.map((r) => [r.id, r]))
    if (rows.value.some((r) => byId.has(r.id))) rows.value = rows.value.map((r) => byId.get(r.id) ?? r)
  }

  return { rows, total, groups, groupedBy, loaded, loading, error, loadMore, reload: () => reload(true), patch }
}
