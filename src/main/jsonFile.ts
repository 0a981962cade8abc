// Reading a JSON file a user wrote: a syntax error names the byte offset, line and column.
import { readFile } from 'node:fs/promises'

export class JsonFileError extends Error {
  override readonly name = 'JsonFileError'
  constructor(
    message: string,
    readonly offset?: number
  ) {
    super(message)
  }
}

export function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset)
  const line = before.split('\n').length
  return { line, column: offset - before.lastIndexOf('\n') }
}

export function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text)
  } catch (e) {
    const message = (e as Error).message
    const position = /position (\d+)/.exec(message)
    if (position) {
      const charIndex = Number(position[1])
      const offset = Buffer.byteLength(text.slice(0, charIndex))
      const { line, column } = lineColumn(text, charIndex)
      throw new JsonFileError(`${what} is not valid JSON at byte offset ${offset} (line ${line}, column ${column}): ${message.replace(/ in JSON at position \d+.*$/, '')}`, offset)
    }
    throw new JsonFileError(`${what} is not valid JSON: ${message}`)
  }
}

export async function readJsonFile(path: string, what: string): Promise<unknown> {
  let text: string
  try {
    text = await readFile(path, 'utf8')
  } catch (e) {
    throw new JsonFileError(`cannot read ${what} file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  return parseJsonText(text, `${what} file ${path}`)
}
