// An open/closed popover anchored in `root`: a press outside it or Escape closes it; the document
// listeners live only while it is open and go with the component.
import { onBeforeUnmount, ref, type Ref } from 'vue'

export function usePopover(root: Ref<HTMLElement | null>) {
  const open = ref(false)
  const onDocDown = (e: MouseEvent) => {
    if (root.value && !root.value.contains(e.target as Node)) close()
  }
  const onKey = (e: KeyboardEvent) => {
    if (e.key === 'Escape') {
      e.stopPropagation()
      close()
    }
  }
  function close() {
    open.value = false
    document.removeEventListener('mousedown', onDocDown)
    document.removeEventListener('keydown', onKey, true)
  }
  function toggle() {
    if (open.value) return close()
    open.value = true
    document.addEventListener('mousedown', onDocDown)
    document.addEventListener('keydown', onKey, true)
  }
  onBeforeUnmount(close)
  return { open, toggle, close }
}
