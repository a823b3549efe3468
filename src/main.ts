// The one entry point. Management commands live behind `--slmcc`, a first
// argument no compiler accepts, so they can never be mistaken for (or shadow)
// a compiler command line: `slmcc --version` is clang's, `slmcc --slmcc version` is ours.
const args = process.argv.slice(2);
if (args[0] === '--slmcc') {
  const { runCli } = await import('./cli/main.js');
  process.exitCode = await runCli(args.slice(1));
} else {
  // The compiler path runs once per compile: the build bundles it
  // (scripts/bundle.mjs), which halves slmcc's own start-up cost; the
  // unbundled module is the fallback.
  const bundled: string = './bundle/compiler-call.mjs';
  const { compilerCall } = (await import(bundled).catch(() => import('./pipeline/compiler-call.js'))) as typeof import('./pipeline/compiler-call.js');
  await compilerCall(args);
}
