// Bundles the per-call compiler path (dist/driver/drive.js and what it imports
// statically) into one module in the same folder, so that its relative lazy
// imports (the pipeline, the rewritten compile) resolve exactly as unbundled.
// Node reads and links one file instead of a dozen: about 12 ms less per call.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/driver/drive.js'],
  outfile: 'dist/driver/drive.bundle.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'error',
  plugins: [
    {
      name: 'keep-dynamic-imports-external',
      setup(b) {
        // Only static imports belong in the bundle; anything imported lazily stays its own module.
        b.onResolve({ filter: /.*/ }, (args) => (args.kind === 'dynamic-import' ? { path: args.path, external: true } : undefined));
      },
    },
  ],
});
