// The subset of the WebAssembly JS API the kernels use. The node tsconfig has no DOM lib and
// @types/node does not declare it; the runtime (Node ≥ 20, Electron) has all of it.
declare namespace WebAssembly {
  class Module {
    constructor(bytes: BufferSource)
  }
  class Instance {
    constructor(module: Module, importObject?: Record<string, Record<string, unknown>>)
    readonly exports: Record<string, unknown>
  }
  interface MemoryDescriptor {
    initial: number
    maximum?: number
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor)
    readonly buffer: ArrayBuffer
    grow(delta: number): number
  }
  function validate(bytes: BufferSource): boolean
}
type BufferSource = ArrayBufferView | ArrayBuffer
