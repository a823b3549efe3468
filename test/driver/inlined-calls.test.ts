// What the compiler inlined in a unit, from its own remarks: the answer for
// the user's flags, not a guess at the inliner's cost model.
import { expect, it } from 'vitest';
import os from 'node:os';
import { inlinedCalls } from '../../src/driver/index.js';

const UNIT = `static int small(int x) { return x * 3 + 1; }
__attribute__((noinline)) static int kept(int x) { return x * 5; }
int f(int x) { return small(x) + kept(x); }
`;

it('lists the calls clang inlined under the given flags', async () => {
  const o3 = await inlinedCalls(['clang-19'], ['-O3'], UNIT, os.tmpdir());
  expect(o3).toContainEqual({ callee: 'small', caller: 'f' });
  expect(o3.some((c) => c.callee === 'kept')).toBe(false);
  expect(await inlinedCalls(['clang-19'], ['-O0'], UNIT, os.tmpdir())).toEqual([]);
}, 30_000);

it('knows nothing inlined when the unit does not compile', async () => {
  expect(await inlinedCalls(['clang-19'], ['-O3'], 'int f( {', os.tmpdir())).toEqual([]);
}, 30_000);
