// A reply is checked against the zod schema it was asked for (its JSON
// Schema form went to the server as `format`). Structured outputs constrain
// a real Ollama's sampling, but an older server ignores `format`, and a proxy
// may not be Ollama at all, so a reply is checked, never trusted. The first
// problem is told the way the model's next prompt and the decision record
// say it: `$.loops[0].collapse: 5 is above 4`.
import type { z } from 'zod';

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

const at = (path: readonly PropertyKey[]) => '$' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('');

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let v = value;
  for (const p of path) v = v !== null && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[p] : undefined;
  return v;
}

function told(issue: z.core.$ZodIssue, value: unknown): string {
  const where = at(issue.path);
  const actual = valueAt(value, issue.path);
  switch (issue.code) {
    case 'invalid_type': {
      const parent = valueAt(value, issue.path.slice(0, -1));
      const last = issue.path.at(-1);
      if (actual === undefined && typeof last === 'string' && parent !== null && typeof parent === 'object' && !(last in parent))
        return `${at(issue.path.slice(0, -1))}: missing required property "${last}"`;
      return `${where}: expected ${issue.expected === 'int' ? 'integer' : issue.expected}, got ${typeOf(actual)}`;
    }
    case 'invalid_value':
      return `${where}: ${JSON.stringify(actual)} is not one of ${issue.values.map((e) => JSON.stringify(e)).join(', ')}`;
    case 'too_big':
      return issue.origin === 'array' ? `${where}: needs at most ${issue.maximum} items` : `${where}: ${String(actual)} is above ${issue.maximum}`;
    case 'too_small':
      return issue.origin === 'array' ? `${where}: needs at least ${issue.minimum} items` : `${where}: ${String(actual)} is below ${issue.minimum}`;
    default:
      return `${where}: ${issue.message}`;
  }
}

/** The value as the schema reads it, or its first problem. */
export function check<T>(schema: z.ZodType<T>, value: unknown): { ok: true; value: T } | { ok: false; problem: string } {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, problem: told(r.error.issues[0], value) };
}
