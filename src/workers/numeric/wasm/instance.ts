// The one way the lab's WebAssembly kernels are compiled, given memory and instantiated (every
// kernel imports its memory as env.mem, asm.ts). Kernels stay with their topic (numeric/README.md
// lists them); this file holds what they share: a module compiled once and cached, a memory with
// a bump allocator and typed views, and instantiation with the memory and any imported functions.

/**
 * The module of `build()`, compiled on first use and cached; null where the runtime has no
 * WebAssembly or rejects the bytes (no SIMD), so the caller can fall back to its JavaScript twin.
 */
export function lazyModule(build: () => Uint8Array): () => WebAssembly.Module | null {
  let mod: WebAssembly.Module | null | undefined
  return () => {
    if (mod === undefined) {
      try {
        const bytes = build()
        mod = typeof WebAssembly === 'object' && WebAssembly.validate(bytes) ? new WebAssembly.Module(bytes) : null
      } catch {
        mod = null
      }
    }
    return mod
  }
}

/**
 * A kernel's memory (64 KiB pages, grown on demand) with a bump allocator: alloc returns 16-byte
 * aligned byte offsets from `base` on. Views made before a growth are detached: make them again
 * (or allocate everything first).
 */
export class WasmMemory {
  readonly memory: WebAssembly.Memory
  private top: number

  /** `bytes`: initial size beyond `base` (at least one page); `base`: bytes kept for fixed layouts below the allocator */
  constructor(bytes = 0, base = 64) {
    this.memory = new WebAssembly.Memory({ initial: Math.max(1, Math.ceil((bytes + base) / 65536)) })
    this.top = base
  }

  get buffer(): ArrayBuffer {
    return this.memory.buffer
  }

  /** make the memory at least `bytes` long */
  ensure(bytes: number): void {
    const need = bytes - this.memory.buffer.byteLength
    if (need > 0) this.memory.grow(Math.ceil(need / 65536))
  }

  /** reserve `bytes`, growing the memory; returns the byte offset */
  alloc(bytes: number): number {
    const off = this.top
    this.top = (off + bytes + 15) & ~15
    this.ensure(this.top)
    return off
  }

  f32(off: number, length: number): Float32Array {
    return new Float32Array(this.memory.buffer, off, length)
  }

  f64(off: number, length: number): Float64Array {
    return new Float64Array(this.memory.buffer, off, length)
  }

  u8(off: number, length: number): Uint8Array {
    return new Uint8Array(this.memory.buffer, off, length)
  }
}

/** an instance of `mod` over `memory` (env.mem) with imported functions (env.<name>); its exports typed as E */
export function instantiate<E>(mod: WebAssembly.Module, memory: WasmMemory, imports: Record<string, (...args: number[]) => number> = {}): E {
  return new WebAssembly.Instance(mod, { env: { mem: memory.memory, ...imports } }).exports as unknown as E
}
