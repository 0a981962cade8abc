// Toasts: short news in a corner; errors stay longer and can be dismissed.
import { reactive } from 'vue'
import { ApiError } from '@shared/api'

export type ToastKind = 'info' | 'success' | 'error'
export interface Toast {
  id: number
  kind: ToastKind
  title: string
  message?: string
}

const toasts = reactive<Toast[]>([])
let nextId = 1

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id)
  if (i >= 0) toasts.splice(i, 1)
}

export function toast(kind: ToastKind, title: string, message?: string, ms = kind === 'error' ? 10_000 : 4_000): number {
  const id = nextId++
  toasts.push({ id, kind, title, message })
  if (toasts.length > 6) toasts.splice(0, toasts.length - 6)
  setTimeout(() => dismiss(id), ms)
  return id
}

/** A readable message for any thrown value (ApiError issues are listed). */
export function errorText(error: unknown): string {
  if (error instanceof ApiError) {
    const issues = error.issues.map((i) => `${i.path || '(root)'}: ${i.message}`)
    return issues.length ? issues.join('\n') : error.message
  }
  if (error instanceof Error) return error.message
  return String(error)
}

export function toastError(title: string, error: unknown): void {
  toast('error', title, errorText(error))
}

export function useToasts() {
  return { toasts, dismiss }
}
