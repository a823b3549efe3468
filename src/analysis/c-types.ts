// Which C types, as written, are integers. One list for every part of the
// analysis that asks: a reduction's exactness, a loop bound read from
// memory, an index the overlap check replays.
const INTEGER = /^(?:(?:unsigned|signed|long|short|int|char|_Bool|bool|size_t|ssize_t|ptrdiff_t|intptr_t|uintptr_t|u?int(?:_least|_fast)?\d+_t|u?intmax_t)\s*)+$/;

/** Is `type` (qualifiers allowed) an integer type by its spelling? A typedef of one is not followed here. */
export function isIntegerType(type: string): boolean {
  return INTEGER.test(
    type
      .replace(/\b(const|volatile|restrict|register|static|extern)\b/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}
