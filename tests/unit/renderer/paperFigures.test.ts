// Issue 12 item 5: math in labels, human names for every series and summary key, nice axis ends
// with one tick format per axis, figure sizes from cm/in/pt, and the line chart's furniture
// (plain legend, markers at sampled points, the tooltip's "t =" header, captions).
import { describe, expect, it } from 'vitest'
import { escapeMath, parseMath, toHtml, toPlain, toRich } from '@renderer/lib/mathText'
import { linearScale, logScale, niceStep } from '@renderer/charts/axisScale'
import { legendNames, nonGaussianRun, seriesLabel, summaryLabel } from '@renderer/lib/seriesNames'
import { figureSize } from '@renderer/lib/figureSize'
import { lineOption, tooltipHtml } from '@renderer/charts/lineOption'
import { LIGHT } from '@renderer/charts/palette'
import { pdfReadySvg, PDF_FONT } from '@renderer/charts/pdfFont'
import { ENGINE_OUTPUTS } from '@shared/outputs'
import { cumulantSeries, cumulantTheorySeries, deviationSeries, fitSeries, klSeries, teacherFitSeries, twoLayerSeries } from '@shared/outputs/series'
import { doubleDescentSeries, frozenSeries, linearSeries, modeSeries, optimalTimeSeries, reluSeries } from '@shared/outputs/linear'
import { leSdeSeries } from '@shared/outputs/le-sde'
import { leTrainSeries } from '@shared/outputs/le-train'
import { leCollapseSeries } from '@shared/outputs/le-collapse'
import { lePhaseSeries } from '@shared/outputs/le-phase'
import { NNGP_SERIES } from '@shared/outputs/nngp'
import { NTK_WIDTH_SERIES } from '@shared/outputs/ntkWidth'
import { NTK_TRAIN_SERIES } from '@shared/outputs/ntkTrain'
import { SCALING_SERIES } from '@shared/outputs/scaling'

describe('math markup', () => {
  it('splits base, sub- and superscripts; groups in braces; escapes', () => {
    expect(parseMath('ε_g^{SGD}')).toEqual([{ text: 'ε', shift: 'base' }, { text: 'g', shift: 'sub' }, { text: 'SGD', shift: 'sup' }])
    expect(toRich('v_{12}')).toBe('{m|v}{sub|12}')
    // unbraced scripts take a run of letters and digits, or a sign and digits
    expect(toHtml('t_max, f_NTK − f_k, L_∞, P^−1?')).toBe('t<sub>max</sub>, f<sub>NTK</sub> − f<sub>k</sub>, L<sub>∞</sub>, P<sup>−1</sup>?')
    expect(toHtml('Σ_W Σ_B^+')).toBe('Σ<sub>W</sub> Σ<sub>B</sub><sup>+</sup>')
    expect(toHtml('a<b_k')).toBe('a&lt;b<sub>k</sub>')
    expect(toPlain('v_{3}^{ODE}')).toBe('v₃^ODE')
    expect(toPlain('10^{−3}')).toBe('10⁻³')
    expect(toPlain('μ_1')).toBe('μ₁')
    // a run's name with underscores stays literal
    expect(toPlain(escapeMath('run_a^2'))).toBe('run_a^2')
    expect(toRich(escapeMath('x_1'))).toBe('{m|x_1}')
    // braces would end a rich token early: they become parentheses there
    expect(toRich('{a}')).toBe('{m|(a)}')
  })
})

describe('axis scales', () => {
  it('niceStep picks 1, 2, 2.5, 5 × 10ⁿ', () => {
    expect(niceStep(21.7439, 5)).toBe(5)
    expect(niceStep(0.39, 5)).toBeCloseTo(0.1, 15)
    expect(niceStep(1, 5)).toBeCloseTo(0.2, 15)
  })
  it('log axes end on whole decades, label decades only, in one format per axis', () => {
    const a = logScale(0.012, 7)
    expect([a.min, a.max, a.interval, a.minorSplit]).toEqual([0.01, 10, 1, 9])
    expect([0.01, 0.1, 1, 10].map(a.format)).toEqual(['0.01', '0.1', '1', '10'])
    expect(a.format(3)).toBe('') // minor ticks carry no label
    expect(a.labels).toBeUndefined()
    // one decade: 1, 2, 5 × 10ⁿ labelled
    const one = logScale(0.12, 0.9)
    expect([one.min, one.max]).toEqual([0.1, 1])
    expect(one.labels).toEqual([0.1, 0.2, 0.5, 1])
    expect(one.labels!.map(one.format)).toEqual(['0.1', '0.2', '0.5', '1'])
    expect(one.format(0.3)).toBe('')
    // spanning 10⁻⁴: every label a power of ten (never 0.001 beside 1e-4)
    const b = logScale(3e-4, 2.1)
    expect([b.min, b.max]).toEqual([1e-4, 10])
    expect(b.rich).toBe(true)
    expect([1e-4, 1e-3, 1, 10].map(b.format)).toEqual(['{m|10}{sup|−4}', '{m|10}{sup|−3}', '{m|10}{sup|0}', '{m|10}{sup|1}'])
    // many decades: labels every few decades, no 2…9 minor ticks between them
    const c = logScale(1e-100, 1e200)
    expect(c.interval).toBeGreaterThan(1)
    expect(c.minorSplit).toBe(0)
  })
  it('linear axes end on multiples of the step with one decimal count (no 21.7439 end label)', () => {
    const a = linearScale(0, 21.7439)
    expect([a.min, a.max, a.interval]).toEqual([0, 25, 5])
    expect([0, 5, 25].map(a.format)).toEqual(['0', '5', '25'])
    const b = linearScale(0.1, 0.49)
    expect([b.min, b.max]).toEqual([0.1, 0.5])
    expect([0.1, 0.2, 0.5].map(b.format)).toEqual(['0.1', '0.2', '0.5'])
    const c = linearScale(-2.5e5, 1e6)
    expect(c.format(5e5)).toMatch(/^5(\.0+)?e\+5$/)
    expect(c.format(-2e5)).toMatch(/^−2(\.0+)?e\+5$/)
  })
})

describe('human names', () => {
  const all: string[] = [
    twoLayerSeries('sgd', 'eg'), twoLayerSeries('ode', 'eg'), twoLayerSeries('sgd', 'eg_se'), twoLayerSeries('sgd', 'eg_mom'), twoLayerSeries('sgd', 'eg_analytic'),
    twoLayerSeries('sgd', 'v', 0), twoLayerSeries('ode', 'Q', 0, 1), twoLayerSeries('sgd', 'R', 1, 0), twoLayerSeries('sgd', 'W', 0, 0),
    twoLayerSeries('sgd', 'Sigma', 0, 0), twoLayerSeries('sgd', 'Qtest', 0, 0), twoLayerSeries('sgd', 'Rtest', 0, 1),
    deviationSeries('eg'), deviationSeries('v'), deviationSeries('logratio'), klSeries(4), klSeries(4, true),
    cumulantSeries('Ef', 'relu', 'laplace(0,1)'), cumulantSeries('Ef', 'relu', 'laplace(0,1)', true), cumulantTheorySeries('Ef', 'relu'),
    fitSeries('loss'), fitSeries('recon'), fitSeries('offdiagC'), fitSeries('offdiagF'), teacherFitSeries(),
    linearSeries('gd', 'Eg'), linearSeries('theory', 'Et'), linearSeries('typical', 'Eg'), modeSeries('gd', 2), frozenSeries('gd/frozen'), frozenSeries('gd/frozenDrift'), frozenSeries('theory/frozen'),
    doubleDescentSeries('theory', 'long', 2), doubleDescentSeries('gd', 'early', 2, true), doubleDescentSeries('theory', 'infinity', 0.5), optimalTimeSeries('theory', 2),
    ...(['gd/Eg', 'gd/Et', 'gd/gap', 'gd/norm', 'theory/Et', 'theory/norm', 'bound/R', 'bound/gap', 'bound/B2'] as const).map((q) => reluSeries(q)),
    leSdeSeries.odeMean(0, 1), leSdeSeries.odeNorm(1), leSdeSeries.sdeMean(0, 0), leSdeSeries.sepFraction, leSdeSeries.sepMargin, leSdeSeries.etfError, leSdeSeries.nc1,
    leTrainSeries.logitMean(0, 1), leTrainSeries.simMean('I', 0, 1), leTrainSeries.A('L'), leTrainSeries.B('I'), leTrainSeries.alpha('I'), leTrainSeries.beta('L'),
    leTrainSeries.rdClass('I', 2), leTrainSeries.rd('L'), leTrainSeries.valLoss, leTrainSeries.valAcc, leTrainSeries.trainLoss,
    leCollapseSeries.etfError(4), lePhaseSeries.probability(1, 100),
    ...Object.values(NNGP_SERIES), ...Object.values(NTK_WIDTH_SERIES), ...Object.values(SCALING_SERIES),
    ...Object.values(NTK_TRAIN_SERIES).map((v) => (typeof v === 'function' ? v(0) : v))
  ]
  it('every series of every engine has a name that is not its key', () => {
    for (const name of all) {
      const label = seriesLabel(name)
      expect(label, name).not.toBe(name)
      expect(label, name).not.toMatch(/^(sgd|ode|dev|kl|fit|gd|theory|typical|bound|etf|sep|val|train|estimate|rd|logits|sim|loss|width|spectrum|depth|f|ntk|fn|scan)\//)
      expect(toPlain(label), name).not.toContain('{')
    }
  })
  it('writes the two-layer names as the papers do', () => {
    expect(seriesLabel('sgd/eg')).toBe('ε_g^{SGD}')
    expect(seriesLabel('ode/v[5]')).toBe('v_{6}^{ODE}')
    expect(seriesLabel('sgd/Q[0,1]')).toBe('Q_{12}^{SGD}')
    expect(seriesLabel('dev/logratio')).toBe('|log ε_g^{SGD} − log ε_g^{ODE}|')
    // Gaussian-theory values on non-Gaussian inputs say so
    expect(seriesLabel('sgd/eg_analytic')).toContain('Gaussian formula')
    expect(seriesLabel('sgd/Q[0,0]', { nonGaussian: true })).toContain('Gaussian formula')
    expect(seriesLabel('ode/Q[0,0]', { nonGaussian: true })).not.toContain('Gaussian')
    expect(nonGaussianRun('hmm', { latent: { kind: 'mixture' } })).toBe(true)
    expect(nonGaussianRun('hmm', { latent: { kind: 'gaussian' } })).toBe(false)
    expect(nonGaussianRun('pseudoreal', {})).toBe(true)
  })
  it('names every summary key of every engine, with math where there is math', () => {
    expect(toPlain(summaryLabel('hmm', 'mu1'))).toBe('μ₁')
    expect(summaryLabel('hmm', 'dev.logratio.meanLate')).toBe('⟨|log ε_g^{SGD} − log ε_g^{ODE}|⟩_{t≥1}')
    expect(summaryLabel('hmm', 'dev.v.final')).toBe('Δv at t_{max}')
    for (const [engine, { summary }] of Object.entries(ENGINE_OUTPUTS))
      for (const key of Object.keys(summary.shape)) {
        const label = summaryLabel(engine, key)
        expect(label, `${engine} ${key}`).not.toMatch(/[a-z][A-Z]|[a-z]\.[a-z]/)
      }
  })
})

describe('figure size', () => {
  it('turns cm at a DPI and pt into layout px, PNG pixels and PDF size', () => {
    const { spec, note } = figureSize({ unit: 'cm', width: 8.5, height: 6, dpi: 300, fontPt: 9, linePt: 1.5, markers: true, dashes: true })
    expect(spec.width).toBe(Math.round((8.5 / 2.54) * 96))
    expect(spec.pixelRatio).toBeCloseTo(300 / 96, 12)
    expect(spec.style!.fontSize).toBeCloseTo(12, 12)
    expect(spec.style!.lineWidth).toBeCloseTo(2, 12)
    expect(note).toContain(`PNG ${Math.round(spec.width * 300 / 96)} × ${Math.round(spec.height * 300 / 96)}`)
    const px = figureSize({ unit: 'px', width: 900, height: 560, dpi: 300, fontPt: 12, linePt: 1, markers: false, dashes: false })
    expect([px.spec.width, px.spec.height, px.spec.pixelRatio]).toEqual([900, 560, 1])
    // nonsense is clamped, not drawn
    expect(figureSize({ unit: 'px', width: NaN, height: 1e9, dpi: 0, fontPt: -1, linePt: 99, markers: false, dashes: true }).spec.height).toBe(8000)
  })
})

describe('line chart furniture', () => {
  const pts = (f: (t: number) => number) => [0.5, 1, 2, 4].map((t) => [t, f(t)] as [number, number])
  it('a plain legend with every name, markers at sampled points, a caption', () => {
    const lines = Array.from({ length: 12 }, (_, i) => ({ name: `v_{${i}}`, points: pts((t) => t + i), color: '#000', markers: i === 0 }))
    const o = lineOption({ lines, xLog: false, yLog: false, palette: LIGHT, caption: 'values below 0: estimator bias' }) as Record<string, any>
    expect(o.legend.type).toBe('plain')
    expect(o.legend.data).toHaveLength(12)
    expect(o.series[0].showSymbol).toBe(true)
    expect(o.series[1].showSymbol).toBe(false)
    expect(JSON.stringify(o.graphic)).toContain('estimator bias')
    expect(o.xAxis.name).toBe('{m|t}')
    // the wheel does not zoom until a modifier enables the inside zoom
    expect(o.dataZoom[0].disabled).toBe(true)
  })
  it('figure style: font size, line width, a marker shape per curve, dashes off', () => {
    const palette = { ...LIGHT, figure: { fontSize: 16, lineWidth: 3.2, markers: true, dashes: false } }
    const o = lineOption({ lines: [{ name: 'a', points: pts((t) => t), color: '#000', dash: 'dashed' }, { name: 'b', points: pts((t) => 2 * t), color: '#111' }], xLog: false, yLog: true, palette, exporting: true }) as Record<string, any>
    expect(o.legend.textStyle.fontSize).toBe(16)
    expect(o.series[0].lineStyle).toMatchObject({ width: 3.2, type: 'solid' })
    expect(o.series[0].symbol).not.toBe(o.series[1].symbol)
    expect([o.yAxis.min, o.yAxis.max]).toEqual([0.1, 10])
  })
  it('the tooltip is headed by the x symbol and lists curves largest first, as math', () => {
    const html = tooltipHtml([
      { seriesName: 'ε_g^{ODE}', seriesIndex: 0, value: [12.5, 0.1], color: '#000', marker: '', axisValue: 12.5 },
      { seriesName: 'ε_g^{SGD}', seriesIndex: 1, value: [12.5, 0.2], color: '#000', marker: '', axisValue: 12.5 }
    ], 't')
    expect(html).toMatch(/^<div class="tt-head"[^>]*>t = 12\.5<\/div>/)
    expect(html.indexOf('SGD')).toBeLessThan(html.indexOf('ODE'))
    expect(html).toContain('ε<sub>g</sub><sup>SGD</sup>')
  })
  it('the PDF sets every text in the embedded font', () => {
    const svg = `<svg><text style="font-family:ui-sans-serif, 'Segoe UI';font-weight:500" font-family="Arial">x</text></svg>`
    const out = pdfReadySvg(svg)
    expect(out).toContain(`font-family:${PDF_FONT}`)
    expect(out).toContain(`font-family="${PDF_FONT}"`)
    expect(out).toContain('font-weight:normal')
    expect(out).not.toContain('Segoe')
  })
})

describe("the run view's charts", () => {
  it('a wide student’s Q: one legend entry per entry for SGD and ODE, a solver key, full names in the tooltip', () => {
    const names: string[] = []
    for (let k = 0; k < 6; k++) for (let l = k; l < 6; l++) for (const src of ['sgd', 'ode']) names.push(`${src}/Q[${k},${l}]`)
    const { legend, keys } = legendNames(names, 'Q', { nonGaussian: true })
    expect(new Set(legend.values()).size).toBe(21)
    expect(legend.get('sgd/Q[0,1]')).toBe('Q_{12}')
    expect(legend.get('ode/Q[0,1]')).toBe('Q_{12}')
    expect(keys).toEqual([{ name: 'SGD, Gaussian formula', dash: 'solid' }, { name: 'ODE', dash: 'dashed' }])
    // K = 6's v: 12 entries stay full names
    const v = legendNames(Array.from({ length: 12 }, (_, i) => `${i % 2 ? 'ode' : 'sgd'}/v[${i >> 1}]`), 'v')
    expect(v.keys).toEqual([])
    expect(v.legend.get('ode/v[5]')).toBe('v_{6}^{ODE}')
    // the tooltip names a line by its full name though its legend entry is shared
    const o = lineOption({ lines: [{ name: 'Q_{12}', tooltipName: 'Q_{12}^{SGD}', points: [[1, 2]], color: '#000' }], xLog: false, yLog: false, palette: LIGHT }) as Record<string, any>
    expect(o.tooltip.formatter([{ seriesName: 'Q_{12}', seriesIndex: 0, value: [1, 2], marker: '', color: '', axisValue: 1 }])).toContain('Q<sub>12</sub><sup>SGD</sup>')
  })
})
