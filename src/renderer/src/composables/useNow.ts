// A clock ticking once a second, for durations of running runs.
import { shallowRef } from 'vue'

const now = shallowRef(Date.now())
setInterval(() => {
  now.value = Date.now()
}, 1000)

export function useNow() {
  return now
}
