// What a timing probe counts as its own CPU when it asks whether others
// used the machine: the runs, and this process spawning and reading them.
import { execFileSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { ownCpuMs, selfCpuMs } from '../../src/verify/busy.js';

it("counts a reaped child's CPU among this process' children", () => {
  const a = selfCpuMs()!;
  execFileSync('sh', ['-c', 'i=0; while [ $i -lt 300000 ]; do i=$((i+1)); done']);
  const b = selfCpuMs()!;
  // CPU time, not wall time: true however busy the machine is.
  expect(b.children - a.children).toBeGreaterThan(150);
});

it("adds this process' own time to the runs', taking the children's accounting where it says more", () => {
  const at = (self: number, children: number) => ({ self, children });
  // Sandboxed runs: bwrap does not hand their time up, so what they reported counts.
  expect(ownCpuMs(at(100, 50), at(330, 60), 1800)).toBe(230 + 1800);
  // Unsandboxed runs: their start-up and exit are in the children's time too.
  expect(ownCpuMs(at(100, 50), at(330, 2050), 1800)).toBe(230 + 2000);
  // No /proc: the runs' own reports only.
  expect(ownCpuMs(undefined, undefined, 1800)).toBe(1800);
});
