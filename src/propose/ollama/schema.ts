// Just enough JSON Schema to check a reply against PLAN_SCHEMA and the few
// small schemas the strategies send as `format`: type, properties, required,
// items, enum, minimum, maximum. Structured outputs constrain a real Ollama's
// sampling, but an older server ignores `format`, and a proxy may not be
// Ollama at all, so a reply is checked, never trusted.

export interface Schema {
  type?: 'object' | 'array' | 'string' | 'boolean' | 'integer' | 'number';
  properties?: Record<string, Schema>;
  required?: readonly string[];
  items?: Schema;
  enum?: readonly unknown[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'number') return Number.isInteger(v) ? 'integer' : 'number';
  return typeof v;
}

/** The first violation, as `path: what is wrong`, or undefined when the value fits. */
export function validate(schema: Schema, value: unknown, at = '$'): string | undefined {
  const t = typeOf(value);
  if (schema.type) {
    const fits = schema.type === t || (schema.type === 'number' && t === 'integer');
    if (!fits) return `${at}: expected ${schema.type}, got ${t}`;
  }
  if (schema.enum && !schema.enum.includes(value)) {
    return `${at}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`;
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) return `${at}: ${value} is below ${schema.minimum}`;
    if (schema.maximum !== undefined && value > schema.maximum) return `${at}: ${value} is above ${schema.maximum}`;
  }
  if (t === 'array') {
    const arr = value as unknown[];
    if (schema.minItems !== undefined && arr.length < schema.minItems) return `${at}: needs at least ${schema.minItems} items`;
    if (schema.items) {
      for (let i = 0; i < arr.length; i++) {
        const err = validate(schema.items, arr[i], `${at}[${i}]`);
        if (err) return err;
      }
    }
  }
  if (t === 'object') {
    const obj = value as Record<string, unknown>;
    for (const key of schema.required ?? []) {
      if (!(key in obj)) return `${at}: missing required property "${key}"`;
    }
    for (const [key, sub] of Object.entries(schema.properties ?? {})) {
      if (key in obj) {
        const err = validate(sub, obj[key], `${at}.${key}`);
        if (err) return err;
      }
    }
  }
  return undefined;
}
