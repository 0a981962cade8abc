// The hash router: one reactive route for the whole app.
import { shallowRef } from 'vue'
import { buildHash, parseHash, type Route } from '@renderer/lib/route'

const route = shallowRef<Route>(parseHash(window.location.hash))
window.addEventListener('hashchange', () => {
  route.value = parseHash(window.location.hash)
})

export function useRoute() {
  return route
}

/** Go to '#/path?query' (a new history entry). */
export function navigate(path: string, query: Record<string, string | number | boolean | null | undefined> = {}): void {
  const hash = buildHash(path, query)
  if (window.location.hash === hash) return
  window.location.hash = hash
}

/** Replace the query of the current route without a new history entry (view state in the URL). */
export function replaceQuery(query: Record<string, string | number | boolean | null | undefined>): void {
  const current = route.value
  const path = current.path.split('?')[0]
  const hash = buildHash(path, query)
  if (window.location.hash === hash) return
  history.replaceState(history.state, '', hash)
  route.value = parseHash(hash)
}

export function href(path: string, query: Record<string, string | number | boolean | null | undefined> = {}): string {
  return buildHash(path, query)
}
