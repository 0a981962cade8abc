// Issue #11 item 8: a run's owner is its pid and its start time. A run whose pid now belongs to
// another process (after a reboot, or this very process) is recovered as interrupted, and a
// serving lab notices a killed CLI's runs without a restart.
import { spawn } from 'node:child_process'
import { afterEach, describe, expect, it } from 'vitest'
import type { Lab } from '@main/api'
import type { LabEvent } from '@shared/api'
import { openDatabase } from '@main/store/database'
import { ownStartTime, processStartTime } from '@main/store/processStart'
import { RunStore } from '@main/store/runStore'
import { newLab, tmpDb, waitFor } from '../helpers'

const labs: Lab[] = []
afterEach(async () => {
  await Promise.all(labs.splice(0).map((l) => l.close()))
})

function sleeper() {
  const child = spawn('sleep', ['30'], { stdio: 'ignore' })
  return child
}

describe.runIf(process.platform === 'linux')('process start times', () => {
  it('are stable for a process and differ between processes', () => {
    const a = sleeper()
    const b = sleeper()
    try {
      expect(processStartTime(a.pid!)).toMatch(/^[\w-]+:\d+$/)
      expect(processStartTime(a.pid!)).toBe(processStartTime(a.pid!))
      expect(ownStartTime()).toBe(processStartTime(process.pid))
      expect(processStartTime(2 ** 22 + 12345)).toBeNull()
    } finally {
      a.kill()
      b.kill()
    }
  })
})

describe('recovery of runs whose owner is gone', () => {
  it('recovers a run whose pid was reused (this process, or another live one), keeps the live owner\'s', async () => {
    const db = tmpDb()
    const store = new RunStore(openDatabase(db))
    const other = sleeper()
    try {
      const reusedSelf = store.createRun({ name: 'self, earlier boot', engine: 'linear', spec: {}, seed: 0 })
      const reusedOther = store.createRun({ name: 'other, earlier boot', engine: 'linear', spec: {}, seed: 0 })
      const live = store.createRun({ name: 'live owner', engine: 'linear', spec: {}, seed: 0 })
      store.markRunning(reusedSelf.id, process.pid, 'an-earlier-boot:4242')
      store.markRunning(reusedOther.id, other.pid!, 'an-earlier-boot:4242')
      store.markRunning(live.id, other.pid!, processStartTime(other.pid!))
      store.db.close()
      const lab = newLab({ db, threads: 1 })
      labs.push(lab)
      const run = (id: string) => lab.store.getRun(id)
      expect(run(reusedSelf.id).status).toBe('interrupted')
      expect(run(reusedOther.id).status).toBe('interrupted')
      expect(run(reusedOther.id).error).toMatch(new RegExp(`pid ${other.pid} now belongs to another process`))
      expect(run(live.id).status).toBe('running')
    } finally {
      other.kill()
    }
  })

  it('notices while serving that another process was killed, and says so to listeners', async () => {
    const lab = newLab({ threads: 1, recoverEveryMs: 50 })
    labs.push(lab)
    const events: LabEvent[] = []
    lab.subscribe((e) => events.push(e))
    const cli = sleeper()
    const orphan = lab.store.createRun({ name: 'a killed CLI run', engine: 'linear', spec: {}, seed: 0 })
    lab.store.markRunning(orphan.id, cli.pid!, processStartTime(cli.pid!))
    await new Promise((r) => setTimeout(r, 200))
    expect(lab.store.getRun(orphan.id).status).toBe('running')
    cli.kill('SIGKILL')
    await waitFor(() => lab.store.getRun(orphan.id).status === 'interrupted', 10_000)
    expect(events).toContainEqual({ type: 'status', runId: orphan.id, status: 'interrupted', error: expect.stringMatching(new RegExp(`pid ${cli.pid}`)) })
  })
})
