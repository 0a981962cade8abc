// Global keyboard shortcuts: sequences like 'g r', 'mod+1', '/'; views register handlers.
import { onBeforeUnmount } from 'vue'
import { SequenceMatcher } from '@renderer/lib/shortcuts'

export const BINDINGS: Record<string, string> = {
  'g r': 'go-runs',
  'g c': 'go-compare',
  'g n': 'go-new',
  'g s': 'go-sweeps',
  'g m': 'go-mnist',
  'mod+1': 'go-runs',
  'mod+2': 'go-compare',
  'mod+3': 'go-new',
  '/': 'focus-filter',
  '?': 'help'
}

/** Shown in the help overlay. */
export const SHORTCUT_HELP: [string, string][] = [
  ['g r  ·  Ctrl+1', 'Runs'],
  ['g c  ·  Ctrl+2', 'Compare'],
  ['g n  ·  Ctrl+3', 'New run'],
  ['/', 'focus the filter'],
  ['↑ ↓', 'move in the Runs table'],
  ['Space', 'select / unselect the row'],
  ['Enter', 'open the run'],
  ['c', 'compare the selected runs'],
  ['Delete', 'delete the selected runs (asks first)'],
  ['Esc', 'close a dialog, leave a field'],
  ['?', 'this help']
]

const handlers = new Map<string, (() => void)[]>()
const matcher = new SequenceMatcher(BINDINGS)

/** Run an action: the most recently registered handler wins. */
export function dispatchShortcut(action: string): boolean {
  const list = handlers.get(action)
  const fn = list?.[list.length - 1]
  if (!fn) return false
  fn()
  return true
}

/** Register a handler for the lifetime of the calling component. */
export function onShortcut(action: string, fn: () => void): void {
  const list = handlers.get(action) ?? []
  list.push(fn)
  handlers.set(action, list)
  onBeforeUnmount(() => {
    const i = list.indexOf(fn)
    if (i >= 0) list.splice(i, 1)
  })
}

function isTyping(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  if (!el || !el.tagName) return false
  return el.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName)
}

let installed = false
export function installShortcuts(): void {
  if (installed) return
  installed = true
  window.addEventListener('keydown', (e) => {
    if (e.defaultPrevented) return
    const stroke = { key: e.key, ctrl: e.ctrlKey, meta: e.metaKey, alt: e.altKey, shift: e.shiftKey }
    if (isTyping(e.target)) {
      if (e.key === 'Escape') (e.target as HTMLElement).blur()
      // Ctrl+digit still navigates from a field
      if (!((e.ctrlKey || e.metaKey) && /^[1-3]$/.test(e.key))) return
    }
    const { action, pending } = matcher.feed(stroke, Date.now())
    if (action && dispatchShortcut(action)) e.preventDefault()
    else if (pending) e.preventDefault()
  })
  window.lab?.onMenu((command) => dispatchShortcut(command))
}
