// The pool of a `lab run <spec.json>`, started by bin/lab.mjs from the command line alone, before
// it loads the CLI (zod, the store) and the Lab, so the run's first record follows its creation
// closely (bench/startup.md):
//  - one thread (the default): an InlinePool, the engine on the CLI's own thread; its import of
//    the task module starts now and its file reads overlap the loading of the CLI;
//  - --threads N > 1: Piscina, whose worker thread's start and import of the engines (~150–200 ms
//    of CPU) overlap the main thread's loading, reading of the spec and storing of the run.
// src/main/cli.ts takes the pool (main(argv, io, { pool })), or starts it itself when run otherwise.
import { parseArgs } from 'node:util'
import { resolveLimits, workerHeapMb } from '@main/limits'
import { InlinePool } from './inlinePool'
import { poolOptions, startPool, type TaskPool } from './pool'

/** most worker threads a run or sweep may ask for (each holds one engine's memory) */
export const MAX_THREADS = 256

/** `lab run`'s options (src/main/cli.ts parses with these too) */
export const RUN_OPTIONS = {
  db: { type: 'string' },
  json: { type: 'boolean' },
  set: { type: 'string', multiple: true },
  threads: { type: 'string' }
} as const

/** `lab run TARGET`: a spec file (one run), not a preset id (which may be a sweep) */
export const isSpecFile = (target: string): boolean => target.endsWith('.json') || target.includes('/')

/**
 * The thread count of `lab run <spec.json> …` (argv after `lab`), or null when argv is anything
 * else or malformed (then the CLI reports it, and no pool is started here).
 */
export function singleRunThreads(argv: string[]): number | null {
  if (argv[0] !== 'run') return null
  let parsed
  try {
    parsed = parseArgs({ args: argv.slice(1), options: RUN_OPTIONS, allowPositionals: true, strict: true })
  } catch {
    return null
  }
  if (parsed.positionals.length !== 1 || !isSpecFile(parsed.positionals[0])) return null
  const threads = parsed.values.threads === undefined ? 1 : Number(parsed.values.threads)
  return Number.isInteger(threads) && threads >= 1 && threads <= MAX_THREADS ? threads : null
}

/**
 * The pool of a run on `threads` threads: on this thread for one, else worker threads with the
 * heap limit the Lab the CLI opens would give them (default limits).
 */
export function startRunPool(threads: number): Promise<TaskPool> {
  if (threads === 1) return Promise.resolve(new InlinePool())
  return startPool(poolOptions({ threads, heapMb: workerHeapMb(resolveLimits()) }))
}

/** The pool for argv when it is a single run of a spec file, started now; else undefined. */
export function earlyRunPool(argv: string[]): Promise<TaskPool> | undefined {
  const threads = singleRunThreads(argv)
  return threads === null ? undefined : startRunPool(threads)
}
