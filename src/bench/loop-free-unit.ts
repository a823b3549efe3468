/**
 * A loop-free translation unit of the size of a typical C file (system
 * headers and a few dozen small functions): what `overhead` and the builds
 * benchmark compile to measure slmcc on calls it leaves alone.
 */
export function loopFreeUnit(i: number): string {
  const fns = Array.from(
    { length: 30 },
    (_, k) => `static int h${k}(int x) { return x * ${k + 1} + ${i}; }\nint f${i}_${k}(const char *s, int x) { return (int)strlen(s) + h${k}(x) + abs(x - ${k}); }\n`,
  ).join('');
  return `#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n#include <math.h>\n${fns}`;
}
