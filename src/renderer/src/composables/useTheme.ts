// Light and dark themes, remembered in localStorage; the charts read the palette.
import { computed, ref, watch } from 'vue'
import { DARK, LIGHT, type Palette } from '@renderer/charts/palette'

export type Theme = 'light' | 'dark'
const KEY = 'lab.theme'

function initial(): Theme {
  try {
    const saved = localStorage.getItem(KEY)
    if (saved === 'light' || saved === 'dark') return saved
  } catch {
    /* storage may be unavailable */
  }
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light'
}

const theme = ref<Theme>(initial())
const apply = (t: Theme) => {
  document.documentElement.dataset.theme = t
  document.documentElement.style.colorScheme = t
}
apply(theme.value)
watch(theme, (t) => {
  apply(t)
  try {
    localStorage.setItem(KEY, t)
  } catch {
    /* ignore */
  }
})

const palette = computed<Palette>(() => (theme.value === 'dark' ? DARK : LIGHT))

export function useTheme() {
  return {
    theme,
    palette,
    toggle: () => {
      theme.value = theme.value === 'dark' ? 'light' : 'dark'
    }
  }
}
