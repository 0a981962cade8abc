// The cluster bundles this lab knows of: folders on the machine the lab runs on (the login node
// under `lab serve`), remembered in localStorage; exporting a sweep adds its bundle.
import { ref, watch } from 'vue'

const KEY = 'lab.clusterBundles'

function load(): string[] {
  try {
    const v = JSON.parse(localStorage.getItem(KEY) ?? '[]')
    return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []
  } catch {
    return []
  }
}

const bundles = ref<string[]>(load())
watch(bundles, (b) => localStorage.setItem(KEY, JSON.stringify(b)), { deep: true })

export function useClusterBundles() {
  return {
    bundles,
    remember(dir: string) {
      bundles.value = [dir, ...bundles.value.filter((d) => d !== dir)].slice(0, 50)
    },
    forget(dir: string) {
      bundles.value = bundles.value.filter((d) => d !== dir)
    }
  }
}
