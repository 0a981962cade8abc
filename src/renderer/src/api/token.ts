// The token of `lab serve` (the URL it prints ends in ?token=…, as Jupyter's does): read once
// from the address, kept for this server (sessionStorage for the tab, localStorage by host so
// that a new tab or a reload finds it), and taken out of the address bar so it is not shared
// by a copied link or a screenshot. Every API request carries it (X-Lab-Token, or ?token= for
// the WebSocket and download links).

const storageKey = (host: string) => `lab-token:${host}`

function stores(): Storage[] {
  const out: Storage[] = []
  try {
    out.push(window.sessionStorage, window.localStorage)
  } catch {
    /* storage disabled: the token lives as long as the page */
  }
  return out
}

let current: string | null = null

/** Take the token from the address (or storage); remove it from the address bar. */
export function takeToken(loc: Location = window.location): string | null {
  const params = new URLSearchParams(loc.search)
  const fromUrl = params.get('token')
  if (fromUrl) {
    current = fromUrl
    for (const s of stores()) s.setItem(storageKey(loc.host), fromUrl)
    params.delete('token')
    const search = params.toString()
    try {
      window.history.replaceState(window.history.state, '', `${loc.pathname}${search ? `?${search}` : ''}${loc.hash}`)
    } catch {
      /* not a browsing context with history (tests) */
    }
    return current
  }
  for (const s of stores()) {
    const kept = s.getItem(storageKey(loc.host))
    if (kept) return (current = kept)
  }
  return current
}

export const labToken = (): string | null => current

/** Headers that authenticate a request to `lab serve`. */
export function tokenHeaders(): Record<string, string> {
  return current ? { 'x-lab-token': current } : {}
}

/** A URL with ?token= (WebSocket, downloads: they cannot carry headers). */
export function withToken(url: string): string {
  if (!current) return url
  return `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(current)}`
}
