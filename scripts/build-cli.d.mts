// Types of scripts/build-cli.mjs (for the TypeScript that imports it: bench/startup.bench.ts).
export declare const cliDir: string
export declare const cliEntry: string
export declare function cliIsStale(at?: string): boolean
export declare function buildCli(): Promise<void>
export declare function ensureCliBundle(): Promise<boolean>
export declare function bundleOptions(entryPoints: Record<string, string>): Record<string, unknown>
