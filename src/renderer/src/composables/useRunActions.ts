// Actions on runs shared by the Runs table, the inspector and the Run view; each reports its
// outcome in a toast and keeps the store in step.
import type { RunRow } from '@shared/api'
import { FINAL_STATUSES } from '@shared/api'
import { lab } from '@renderer/api/client'
import { exportRunData } from '@renderer/api/files'
import { nextSeed } from '@renderer/lib/seeds'
import { plural } from '@renderer/lib/format'
import { confirmDialog } from './useConfirm'
import { removeRuns, upsertRuns, useRuns } from './useRuns'
import { useSelection } from './useSelection'
import { toast, toastError } from './useToasts'
import type { ExportFormat } from '@shared/api'

export const isActive = (run: Pick<RunRow, 'status'>) => !FINAL_STATUSES.includes(run.status)

async function each<T>(items: T[], fn: (item: T) => Promise<unknown>, concurrency = 4): Promise<{ ok: number; errors: unknown[] }> {
  let ok = 0
  const errors: unknown[] = []
  let next = 0
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]
      try {
        await fn(item)
        ok++
      } catch (error) {
        errors.push(error)
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker))
  return { ok, errors }
}

export async function deleteRuns(runs: RunRow[]): Promise<boolean> {
  if (!runs.length) return false
  const active = runs.filter(isActive).length
  const what = runs.length === 1 ? `“${runs[0].name || runs[0].id}”` : plural(runs.length, 'run')
  const ok = await confirmDialog({
    title: runs.length === 1 ? 'Delete run?' : `Delete ${plural(runs.length, 'run')}?`,
    message: `${what} and ${runs.length === 1 ? 'its' : 'their'} series will be removed from the archive. This cannot be undone.${active ? `\n${plural(active, 'run')} still running will be cancelled.` : ''}`,
    confirmLabel: 'Delete',
    danger: true
  })
  if (!ok) return false
  const deleted: string[] = []
  const { errors } = await each(runs, async (run) => {
    await lab.deleteRun({ id: run.id })
    deleted.push(run.id)
  })
  removeRuns(deleted)
  const selection = useSelection()
  for (const id of deleted) selection.delete(id)
  if (deleted.length) toast('success', `Deleted ${plural(deleted.length, 'run')}`)
  if (errors.length) toastError(`${plural(errors.length, 'run')} could not be deleted`, errors[0])
  return errors.length === 0
}

export async function cancelRuns(runs: RunRow[]): Promise<void> {
  const active = runs.filter(isActive)
  if (!active.length) return
  const rows: RunRow[] = []
  const { errors } = await each(active, async (run) => rows.push(await lab.cancelRun({ id: run.id })))
  upsertRuns(rows)
  if (rows.length) toast('info', `Cancelled ${plural(rows.length, 'run')}`)
  if (errors.length) toastError('Could not cancel', errors[0])
}

/** Re-run with the same seed or the smallest unused one of the same spec. */
export async function rerunRuns(runs: RunRow[], newSeed: boolean): Promise<RunRow[]> {
  const all = useRuns().runs.value
  const created: RunRow[] = []
  const taken: { spec: Record<string, unknown>; seed: number }[] = [...all]
  const { errors } = await each(
    runs,
    async (run) => {
      const seed = newSeed ? nextSeed(run.spec, taken) : undefined
      if (seed !== undefined) taken.push({ spec: run.spec, seed })
      created.push(await lab.rerun({ id: run.id, seed }))
    },
    1
  )
  upsertRuns(created)
  if (created.length)
    toast('success', `Queued ${plural(created.length, 're-run')}`, newSeed ? `seed${created.length > 1 ? 's' : ''} ${created.map((r) => r.seed).join(', ')}` : 'same seed')
  if (errors.length) toastError('Could not re-run', errors[0])
  return created
}

export async function renameRun(run: RunRow, name: string): Promise<void> {
  if (name === run.name) return
  try {
    upsertRuns([await lab.renameRun({ id: run.id, name })])
  } catch (error) {
    toastError('Could not rename', error)
  }
}

export async function setRunTags(run: RunRow, tags: string[]): Promise<void> {
  try {
    upsertRuns([await lab.setTags({ id: run.id, tags })])
  } catch (error) {
    toastError('Could not set tags', error)
  }
}

export async function setRunNotes(run: RunRow, notes: string): Promise<void> {
  if (notes === run.notes) return
  try {
    upsertRuns([await lab.setNotes({ id: run.id, notes })])
    toast('success', 'Notes saved')
  } catch (error) {
    toastError('Could not save notes', error)
  }
}

/** Add or remove one tag on many runs. */
export async function editTagOnRuns(runs: RunRow[], tag: string, add: boolean): Promise<void> {
  const rows: RunRow[] = []
  const targets = runs.filter((r) => r.tags.includes(tag) !== add)
  const { errors } = await each(targets, async (run) =>
    rows.push(await lab.setTags({ id: run.id, tags: add ? [...run.tags, tag] : run.tags.filter((t) => t !== tag) }))
  )
  upsertRuns(rows)
  if (rows.length) toast('success', `${add ? 'Tagged' : 'Untagged'} ${plural(rows.length, 'run')}`, tag)
  if (errors.length) toastError('Could not change tags', errors[0])
}

export async function exportRun(run: RunRow, format: ExportFormat): Promise<void> {
  try {
    const saved = await exportRunData(run.id, format)
    if (saved.length) toast('success', `Exported ${format.toUpperCase()}`, saved.join('\n'))
  } catch (error) {
    toastError(`Could not export ${format.toUpperCase()}`, error)
  }
}
