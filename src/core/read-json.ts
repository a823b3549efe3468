// Everything read back from disk, a shared store or a server is checked
// against its schema, never cast: a torn write, an older slmcc's file or a
// hostile store entry is refused as data, not met later as a crash.
import type { z } from 'zod';

/** The JSON text as the schema reads it, or undefined when it is not JSON or does not fit. */
export function readJsonAs<T>(schema: z.ZodType<T>, text: string): T | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const r = schema.safeParse(json);
  return r.success ? r.data : undefined;
}
