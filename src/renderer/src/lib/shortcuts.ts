// Keyboard shortcut sequences ('g r', 'mod+1', '/', '?'): a small matcher fed one key at a time.

export interface KeyStroke {
  key: string
  ctrl?: boolean
  meta?: boolean
  alt?: boolean
  shift?: boolean
}

/** Normalise a stroke to 'mod+alt+shift+key' (shift only for keys where it isn't already in the character). */
export function strokeId(s: KeyStroke): string {
  const key = s.key.length === 1 ? s.key.toLowerCase() : s.key
  const printable = s.key.length === 1
  const parts: string[] = []
  if (s.ctrl || s.meta) parts.push('mod')
  if (s.alt) parts.push('alt')
  if (s.shift && !printable) parts.push('shift')
  parts.push(printable && s.shift ? s.key : key)
  return parts.join('+')
}

export class SequenceMatcher {
  private buffer: string[] = []
  private lastAt = 0
  private readonly sequences: { keys: string[]; action: string }[]

  constructor(
    bindings: Record<string, string>,
    private readonly timeoutMs = 1200
  ) {
    this.sequences = Object.entries(bindings).map(([seq, action]) => ({ keys: seq.split(' ').filter(Boolean), action }))
  }

  /** Feed one stroke; returns the action when a sequence completes, and whether a sequence is under way. */
  feed(stroke: KeyStroke, now: number): { action: string | null; pending: boolean } {
    if (['Shift', 'Control', 'Alt', 'Meta'].includes(stroke.key)) return { action: null, pending: this.buffer.length > 0 }
    if (now - this.lastAt > this.timeoutMs) this.buffer = []
    this.lastAt = now
    const id = strokeId(stroke)
    for (const candidate of [[...this.buffer, id], [id]]) {
      const exact = this.sequences.find((s) => s.keys.length === candidate.length && s.keys.every((k, i) => k === candidate[i]))
      if (exact) {
        this.buffer = []
        return { action: exact.action, pending: false }
      }
      const prefix = this.sequences.some((s) => s.keys.length > candidate.length && candidate.every((k, i) => s.keys[i] === k))
      if (prefix) {
        this.buffer = candidate
        return { action: null, pending: true }
      }
    }
    this.buffer = []
    return { action: null, pending: false }
  }

  reset(): void {
    this.buffer = []
  }
}
