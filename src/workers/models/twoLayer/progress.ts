// The one progress mapping of the two-layer engines: the bar measures work, not time t. The ODE
// (set-up, then its steps) and SGD each take the share of the bar their estimated flops take
// of the run's (twoLayerFlops in @shared/cost: the same model that sets the limits), so the bar
// moves at a steady rate and the runner's ETA (src/main/runner/eta.ts) does not jump when
// one part ends and the next begins. Alone, either takes all of it.
import { twoLayerFlops } from '@shared/cost'

/** the ODE's share when no work estimate is given */
export const ODE_SHARE = 0.1

export interface ProgressShares {
  /** after the ODE's set-up, before its first step */
  odeStart: number
  ode: (fraction: number) => number
  sgd: (fraction: number) => number
}

/** estimated flops of the parts that run */
export interface TwoLayerWork {
  odeSetup: number
  ode: number
  sgd: number
}

export function progressShares(runOde: boolean, runSgd: boolean, work?: TwoLayerWork): ProgressShares {
  if (!work) {
    return {
      odeStart: 0,
      ode: (f) => (runSgd ? ODE_SHARE * f : f),
      sgd: (f) => (runOde ? ODE_SHARE + (1 - ODE_SHARE) * f : f)
    }
  }
  const setup = runOde ? work.odeSetup : 0
  const ode = runOde ? work.ode : 0
  const sgd = runSgd ? work.sgd : 0
  const total = setup + ode + sgd
  if (!(total > 0)) return progressShares(runOde, runSgd)
  return {
    odeStart: setup / total,
    ode: (f) => (setup + f * ode) / total,
    sgd: (f) => (setup + ode + f * sgd) / total
  }
}

/** The work of a two-layer run's parts from its sizes (flops, twoLayerFlops). */
export function twoLayerWork(s: { N: number; D: number; K: number; M: number; tMax: number; dt: number; method: string; testSamples: number; records: number }): TwoLayerWork {
  return {
    odeSetup: twoLayerFlops.odeSetup(s.D),
    ode: (s.tMax / s.dt) * twoLayerFlops.odeStep(s.K, s.M, s.D, s.method),
    sgd: sgdWork(s).total
  }
}

/** SGD's work: the test set, then each step and each record time (the loop's progress fraction is done/total). */
export function sgdWork(s: { N: number; D: number; K: number; tMax: number; testSamples: number; records: number }) {
  const step = twoLayerFlops.sgdStep(s.N, s.D, s.K)
  const record = twoLayerFlops.sgdRecord(s.testSamples, s.N, s.K)
  const testSet = twoLayerFlops.testSet(s.testSamples, s.N, s.D)
  return { step, record, testSet, total: testSet + Math.round(s.tMax * s.N) * step + s.records * record }
}
