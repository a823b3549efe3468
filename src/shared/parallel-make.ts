// Whether a compile runs inside a parallel make: its jobserver, or -jN with
// N > 1, is in MAKEFLAGS. bin/slmcc asks the same with the same patterns
// (its `case " $MAKEFLAGS"`), and the two must agree: the answer is part of
// the key of an outcome that is final only inside a parallel make.
export function inParallelMake(makeflags: string | undefined = process.env.MAKEFLAGS): boolean {
  const f = ` ${makeflags ?? ''}`;
  return /--jobserver-(auth|fds)=/.test(f) || / -j[2-9]/.test(f) || / -j[1-9][0-9]/.test(f);
}
