// Most suites run real compilers with spawnSync, which blocks the test
// worker. Vitest's worker talks to the runner over an RPC with a fixed 60 s
// timeout, and a reply that sits unread behind a long blocked stretch is
// taken for a timeout ("Timeout calling onTaskUpdate"): every test passes and
// the run still exits 1. Giving the event loop a turn after each test bounds
// the blocked stretch to one test.
import { afterEach } from 'vitest';

// Compiles a test runs must not leave a background settler behind (pipeline/settle.ts).
process.env.SLMCC_SETTLE ??= '0';

afterEach(() => new Promise<void>((resolve) => setTimeout(resolve, 10)));
