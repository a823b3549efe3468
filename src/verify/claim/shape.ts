// Placeholder until the shape comparison lands (branch shape): reads nothing,
// so every candidate is tested only.
import type { FunctionInfo, TranslationUnit } from '../../analysis/types.js';
import type { ShapeResult } from '../../core/claim.js';

export function compareShape(_tu: TranslationUnit, _fn: FunctionInfo, _text: string, _codeFlags: readonly string[]): ShapeResult {
  return { ok: true, directives: [], transforms: [] };
}
