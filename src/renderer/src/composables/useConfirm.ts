// A promise-based confirmation dialog (one at a time), rendered by ConfirmHost.
import { shallowRef } from 'vue'

export interface ConfirmRequest {
  title: string
  message: string
  confirmLabel: string
  danger: boolean
  resolve: (ok: boolean) => void
}

const current = shallowRef<ConfirmRequest | null>(null)

export function confirmDialog(options: { title: string; message: string; confirmLabel?: string; danger?: boolean }): Promise<boolean> {
  current.value?.resolve(false)
  return new Promise((resolve) => {
    current.value = {
      title: options.title,
      message: options.message,
      confirmLabel: options.confirmLabel ?? 'OK',
      danger: options.danger ?? false,
      resolve: (ok) => {
        current.value = null
        resolve(ok)
      }
    }
  })
}

export function useConfirm() {
  return current
}
