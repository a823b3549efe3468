// Every way a model request can fail, named, so that a failure ends in a
// `none` proposal whose reason says what happened rather than a stack trace.

export type ModelFailure =
  | 'unreachable'
  | 'timeout'
  | 'server-error'
  | 'model-missing'
  | 'malformed'
  | 'empty'
  /** The reply was cut at the token limit (done_reason "length"). */
  | 'length'
  /** The prompt does not fit the context length (SLMCC_NUM_CTX). */
  | 'too-long'
  | 'busy';

export class ModelError extends Error {
  constructor(
    readonly kind: ModelFailure,
    message: string,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** The low-level cause of a failed fetch, e.g. ECONNREFUSED, in one short phrase. */
export function describeCause(e: unknown): string {
  let err = e as { message?: string; code?: string; cause?: unknown } | undefined;
  const parts: string[] = [];
  for (let depth = 0; err && depth < 4; depth++) {
    if (err.code) return err.message && !err.message.includes(err.code) ? `${err.code}: ${err.message}` : String(err.message ?? err.code);
    if (err.message) parts.push(err.message);
    err = err.cause as typeof err;
  }
  return parts[parts.length - 1] ?? String(e);
}
