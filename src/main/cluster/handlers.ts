// The API's cluster methods (arguments parsed by src/shared/cluster.ts before they get here).
import type { ClusterApiResults } from '@shared/cluster'
import { clusterApiArgs } from '@shared/cluster'
import type { Lab } from '@main/api'
import { inProgressRuns, statusOfBundle, submitBundle } from './bundles'
import { importBundle } from './importBundle'
import { writeBundle } from './writeBundle'

type Args<K extends keyof typeof clusterApiArgs> = ReturnType<(typeof clusterApiArgs)[K]['parse']>

export function clusterHandlers(lab: Lab): { [K in keyof ClusterApiResults]: (arg: Args<K>) => Promise<ClusterApiResults[K]> } {
  return {
    exportSweepBundle: async ({ sweepId, sweep, out, ...options }) => {
      const spec = sweepId !== undefined ? lab.store.getSweep(sweepId).spec : sweep
      const { dir, info, warnings } = await writeBundle(spec, out, options)
      return {
        dir,
        bundleId: info.id,
        points: info.points,
        perTask: info.perTask,
        tasks: info.tasks,
        script: info.scheduler.script,
        taskSeconds: info.estimate.taskSeconds,
        taskBytes: info.estimate.taskBytes,
        estimateSource: info.estimate.source,
        warnings
      }
    },
    bundleStatus: ({ dir }) => statusOfBundle(dir),
    submitBundle: ({ dir, missing, time }) => submitBundle(dir, missing, { time }),
    importBundle: async ({ dir }) => {
      const report = importBundle(lab.store, dir, { inProgress: await inProgressRuns(dir) })
      // the views reload sweeps and runs on these
      for (const id of report.changed) lab.runner.emit({ type: 'created', runId: id })
      return report
    }
  }
}
