// The one progress mapping of the two-layer engines: when both run, the ODE (cheap) takes the
// first ODE_SHARE of the bar and SGD the rest; alone, either takes all of it.

/** share of the progress bar given to the ODE when both the ODE and SGD run */
export const ODE_SHARE = 0.1

export interface ProgressShares {
  ode: (fraction: number) => number
  sgd: (fraction: number) => number
}

export function progressShares(runOde: boolean, runSgd: boolean): ProgressShares {
  return {
    ode: (f) => (runSgd ? ODE_SHARE * f : f),
    sgd: (f) => (runOde ? ODE_SHARE + (1 - ODE_SHARE) * f : f)
  }
}
