/**
 * Whether a process still runs, for breaking the lock files a dead holder
 * left behind (cache single flight, model slots, the probe lock).
 * EPERM means it is alive but not ours.
 */
export function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
