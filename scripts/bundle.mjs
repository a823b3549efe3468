// Bundles the per-call compiler path (dist/pipeline/compiler-call.js and
// everything it imports, statically or lazily) into dist/bundle/: one module
// for what every call runs, and one chunk per lazy import, so a call still
// loads only what it uses but reads a few files instead of dozens (each ESM
// module costs about a millisecond to resolve and link). dist/bundle sits as
// deep as dist/<part>, so paths relative to import.meta.url resolve as
// unbundled.
// Packages stay external: Node finds them from dist/ as it does unbundled.
import { build } from 'esbuild';
import fs from 'node:fs';

fs.rmSync('dist/bundle', { recursive: true, force: true });
await build({
  entryPoints: { 'compiler-call': 'dist/pipeline/compiler-call.js' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  packages: 'external',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  logLevel: 'error',
});
