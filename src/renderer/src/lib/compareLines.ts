// The curves of the Compare view: one per (run, series), or mean ± std per seed group and
// series; optionally EMA-smoothed (in log space on a log y axis).
import type { SeriesData } from '@shared/api'
import { canonicalJson, groupBySeed, meanStdBand, withoutPaths, type Curve } from './band'
import { getIn } from './specPath'
import { ema, emaLog } from './smoothing'
import type { CsvSeries } from './csv'
import { differenceLabels, paramSymbol } from './diffParams'
import { escapeMath, toPlain } from './mathText'
import { nonGaussianRun, seriesLabel } from './seriesNames'

export interface CompareRun {
  id: string
  label: string
  spec: Record<string, unknown>
  seed: number
  /** the run diverged: its curves do not set the automatic y range */
  diverged?: boolean
}

export interface CompareOptions {
  runs: CompareRun[]
  series: string[]
  data: (runId: string, name: string) => SeriesData | undefined
  yLog: boolean
  /** EMA weight in [0, 1) */
  smoothing: number
  /** mean ± std across runs that differ only in seed (and in the paths `over`) */
  band: boolean
  /** spec paths pooled with the seed in a band (e.g. ['train.lr']); default none */
  over?: string[]
  /** label lines by run, by series, or by both */
  labelBy: 'run' | 'series' | 'both'
  /** colour index of each run (stable across panels) */
  colorOf: (runId: string) => number
}

export type Dash = 'solid' | 'dashed' | 'dotted'
const DASHES: Dash[] = ['solid', 'dashed', 'dotted']

export interface CompareLine {
  /** legend name, math markup (lib/mathText): run labels escaped, series by their human names */
  label: string
  colorIndex: number
  dash: Dash
  curve: Curve
  /** the unsmoothed curve, drawn faintly behind a smoothed one */
  raw?: Curve
  band?: { lower: (number | null)[]; upper: (number | null)[] }
  n: number
  /** a diverged run's curve, or a band with one among its runs */
  diverged: boolean
}

function smooth(curve: Curve, weight: number, yLog: boolean): Curve {
  if (!(weight > 0)) return curve
  return { t: curve.t, value: yLog ? emaLog(curve.value, weight) : ema(curve.value, weight) }
}

/** Legend names of runs: the parameters they differ in (η = 0.05), else their own labels. */
export function runLegendLabels(runs: CompareRun[], withSeed: boolean, fallback: (run: CompareRun) => string = (r) => r.label): Map<string, string> {
  const diff = differenceLabels(runs.map((r) => ({ id: r.id, spec: r.spec, seed: r.seed })), { withSeed })
  return new Map(runs.map((r, i) => [r.id, diff[i] || fallback(r)]))
}

export function compareLines(o: CompareOptions): CompareLine[] {
  const lines: CompareLine[] = []
  const name = (run: CompareRun, runLabel: string, series: string) => {
    const s = seriesLabel(series, { nonGaussian: nonGaussianRun(String(run.spec.engine ?? ''), run.spec) })
    const r = escapeMath(runLabel)
    return o.labelBy === 'run' ? r : o.labelBy === 'series' ? s : `${r} · ${s}`
  }
  const over = o.band ? (o.over ?? []) : []
  const groups = o.band ? groupBySeed(o.runs, (r) => r.spec, over) : o.runs.map((r) => [r])
  // legends name what still differs between groups: the pooled paths are left out of the specs
  // (pooled groups that differ in nothing else read "all runs", not the first run's name)
  const labels = over.length ? runLegendLabels(o.runs.map((r) => ({ ...r, spec: withoutPaths(r.spec, over) })), false, () => 'all runs') : runLegendLabels(o.runs, !o.band)
  o.series.forEach((seriesName, si) => {
    const dash = DASHES[si % DASHES.length]
    for (const group of groups) {
      const members = group
        .map((r) => ({ run: r, s: o.data(r.id, seriesName) }))
        .filter((m): m is { run: CompareRun; s: SeriesData } => !!m.s && m.s.t.length > 0)
      if (!members.length) continue
      const curves = members.map((m) => smooth({ t: m.s.t, value: m.s.value }, o.smoothing, o.yLog))
      const first = members[0].run
      if (curves.length > 1) {
        const band = meanStdBand(curves)
        const seeds = new Set(members.map((m) => m.run.seed)).size
        const pooled = over
          .map((path) => [path, new Set(members.map((m) => canonicalJson(getIn(m.run.spec, path)))).size] as const)
          .filter(([, n]) => n > 1)
          .map(([path, n]) => `${n} ${paramSymbol(path)}`)
        const count = [seeds === curves.length && !pooled.length ? `${curves.length} seeds` : `${curves.length} runs, ${seeds} seed${seeds === 1 ? '' : 's'}`, ...pooled].join(', ')
        lines.push({
          label: name(first, `${labels.get(group[0].id)} (mean ± std, ${count})`, seriesName),
          colorIndex: o.colorOf(group[0].id),
          dash,
          curve: { t: band.t, value: band.mean },
          band: { lower: band.lower, upper: band.upper },
          n: curves.length,
          diverged: members.some((m) => !!m.run.diverged)
        })
      } else {
        const raw = members[0].s
        lines.push({
          label: name(first, labels.get(first.id)!, seriesName),
          colorIndex: o.colorOf(first.id),
          dash,
          curve: curves[0],
          raw: o.smoothing > 0 ? { t: raw.t, value: raw.value } : undefined,
          n: 1,
          diverged: !!first.diverged
        })
      }
    }
  })
  return lines
}


/** The CSV columns of a set of lines: the curve, and the band edges when there are any (names in plain Unicode). */
export function compareCsv(lines: CompareLine[]): CsvSeries[] {
  return lines.flatMap((line) => {
    const l = { ...line, label: toPlain(line.label) }
    const out: CsvSeries[] = [{ name: l.n > 1 ? `${l.label} mean` : l.label, t: l.curve.t, value: l.curve.value }]
    if (l.band) {
      out.push({ name: `${l.label} mean-std`, t: l.curve.t, value: l.band.lower })
      out.push({ name: `${l.label} mean+std`, t: l.curve.t, value: l.band.upper })
    }
    if (l.raw) out.push({ name: `${l.label} raw`, t: l.raw.t, value: l.raw.value })
    return out
  })
}
