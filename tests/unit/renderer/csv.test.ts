import { describe, expect, it } from 'vitest'
import { csvCell, seriesToCsv, toCsv } from '@renderer/lib/csv'

describe('csv', () => {
  it('quotes what needs quoting', () => {
    expect(csvCell('a,b')).toBe('"a,b"')
    expect(csvCell('say "hi"')).toBe('"say ""hi"""')
    expect(csvCell('line\nbreak')).toBe('"line\nbreak"')
    expect(csvCell(null)).toBe('')
    expect(csvCell(NaN)).toBe('NaN')
    expect(csvCell(-Infinity)).toBe('-Inf')
    expect(csvCell(0.000123)).toBe('0.000123')
  })
  it('joins rows', () => expect(toCsv([['t', 'sgd/Q[0,1]'], [0, 1.5]])).toBe('t,"sgd/Q[0,1]"\n0,1.5\n'))
  it('merges series on the union of their times', () => {
    const csv = seriesToCsv([
      { name: 'sgd/eg', t: [0, 1, 2], value: [0.5, 0.4, null] },
      { name: 'ode/eg', t: [0, 2, 3], value: [0.5, 0.3, 0.2] }
    ])
    expect(csv).toBe('t,sgd/eg,ode/eg\n0,0.5,0.5\n1,0.4,\n2,,0.3\n3,,0.2\n')
  })
})
