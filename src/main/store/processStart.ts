// When a process started, to tell a run's owner from a later process that got the same pid
// (after a reboot, or once pids wrap). Linux: the boot id and field 22 of /proc/<pid>/stat
// (start time in clock ticks since boot) — exact and cheap. Other Unix: `ps -o lstart=`
// (to the second). Elsewhere (Windows): null, and recovery falls back to "is the pid alive".
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'

let bootId: string | null | undefined

function linuxBootId(): string | null {
  if (bootId === undefined) {
    try {
      bootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim()
    } catch {
      bootId = null
    }
  }
  return bootId
}

/** An opaque token equal for one process's whole life and different for any other; null if unknown or gone. */
export function processStartTime(pid: number, platform: NodeJS.Platform = process.platform): string | null {
  if (!Number.isInteger(pid) || pid <= 0) return null
  if (platform === 'linux') {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      // comm (field 2) may hold spaces and parentheses: count fields after the last ')'
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      const start = fields[22 - 3]
      return start ? `${linuxBootId() ?? 'boot'}:${start}` : null
    } catch {
      return null
    }
  }
  if (platform === 'win32') return null
  try {
    const out = execFileSync('ps', ['-o', 'lstart=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 2000 }).trim()
    return out || null
  } catch {
    return null
  }
}

let own: string | null | undefined
/** This process's start time (computed once). */
export function ownStartTime(): string | null {
  if (own === undefined) own = processStartTime(process.pid)
  return own
}
