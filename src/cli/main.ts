import { loadConfig } from '../config/index.js';
import { findCompiler } from '../driver/index.js';

const USAGE = `slmcc: a drop-in C compiler that parallelises hot loops, checked before use.

As a compiler:   slmcc [clang arguments]      (CC=slmcc make, ./configure CC=slmcc, cmake/slmcc-toolchain.cmake)
Management:      slmcc --slmcc <command>      (the --slmcc prefix never collides with a compiler command line)`;

/** The real compiler for commands that need one; a clear line on stderr when there is none. */
function compilerOrExit(): string[] | undefined {
  const { config } = loadConfig();
  const cc = findCompiler(config.cc, process.env, process.env.SLMCC_SELF);
  if (cc.ok) return cc.argv;
  process.stderr.write(cc.message + '\n');
  return undefined;
}

export async function runCli(args: string[]): Promise<number> {
  const { default: yargs } = await import('yargs');
  let code = 0;
  const set = (p: Promise<number>) => p.then((c) => void (code = c));
  await yargs(args)
    .scriptName('slmcc --slmcc')
    .usage(USAGE)
    .command('version', "print slmcc's version", {}, () => set(import('./version.js').then((m) => m.runVersion())))
    .command('status', 'list the decisions in flight into this cache (pid, source, function, phase, since) and what waits to be settled', {}, () =>
      set(import('./status.js').then((m) => m.runStatus())),
    )
    .command(
      'settle',
      'decide the functions builds left pending (builds start this by themselves, in the background, at nice 19)',
      (y) => y.option('now', { type: 'boolean', default: false, describe: 'do not wait for a quiet machine' }),
      (a) => set(import('./settle.js').then((m) => m.runSettle({ now: a.now }))),
    )
    .command('doctor', 'check clang-19, Polly, libomp, the sanitizer runtimes and Ollama; say what to install', {}, () => set(import('./doctor.js').then((m) => m.runDoctor())))
    .command(
      'config',
      'print the effective configuration and where each value came from',
      (y) => y.option('json', { type: 'boolean', default: false }),
      (a) => set(import('./config-command.js').then((m) => m.runConfig({ json: a.json }))),
    )
    .command(
      'explain <file> [ccArgs..]',
      'show the functions and loops of FILE, the hot ones, and what the builtin provider proposes (and on what evidence) or why it refuses, and the last recorded verdict (builds and runs nothing)',
      (y) =>
        y
          .positional('file', { type: 'string', demandOption: true })
          .positional('ccArgs', { type: 'string', array: true, default: [] as string[], describe: 'compiler flags (-I, -D, -std...), after -- or not' })
          .option('json', { type: 'boolean', default: false })
          .parserConfiguration({ 'unknown-options-as-args': true, 'populate--': true }),
      (a) =>
        set(
          (async () => {
            const cc = compilerOrExit();
            if (!cc) return 127;
            const { config } = loadConfig();
            const { logPath } = await import('../config/index.js');
            const m = await import('./explain.js');
            // yargs keeps what follows `--` apart, whatever the positional says.
            const ccArgs = [...(a.ccArgs ?? []), ...((a['--'] as unknown[] | undefined) ?? [])].map(String);
            return m.runExplain({ file: a.file!, ccArgs, json: a.json, cc, maxFunctions: config.maxFunctions, config, log: logPath(config) });
          })(),
        ),
    )
    .command(
      'report',
      'summarise the decision log: a table of decisions and an HTML page with a chart',
      (y) =>
        y
          .option('log', { type: 'string', describe: "decision log (default: SLMCC_LOG or the cache root's decisions.jsonl)" })
          .option('html', { type: 'string', describe: 'write an HTML report here' })
          .option('json', { type: 'boolean', default: false }),
      (a) =>
        set(
          (async () => {
            const { logPath } = await import('../config/index.js');
            const m = await import('./report.js');
            return m.runReport({ log: a.log ?? logPath(loadConfig().config), html: a.html, json: a.json });
          })(),
        ),
    )
    .command(
      'cache <action> [rest..]',
      'the decision cache: stats | clear | path | export FILE | import FILE | warm [make args]',
      (y) =>
        y
          .positional('action', { type: 'string', choices: ['stats', 'clear', 'path', 'export', 'import', 'warm'], demandOption: true })
          .positional('rest', { type: 'string', array: true, default: [] as string[] })
          .parserConfiguration({ 'unknown-options-as-args': true }),
      (a) =>
        set(
          (async () => {
            const m = await import('./cache.js');
            return m.runCacheCommand([a.action!, ...(a.rest ?? []).map(String)], loadConfig().config);
          })(),
        ),
    )
    .command(
      'bench',
      'build the kernels with clang-19 -O3 (or --opt), Polly, gcc autopar and slmcc; run them interleaved; print a table',
      (y) =>
        y
          .option('quick', { type: 'boolean', default: false, describe: "fewer repeats, for the README's first run" })
          .option('repeats', { type: 'number', default: 5 })
          .option('kernels', { type: 'string', array: true })
          .option('out', { type: 'string', default: 'bench-out', describe: 'folder for builds, JSON, Markdown and SVG' })
          .option('opt', { type: 'string', default: '-O3', describe: 'optimisation level of every row, e.g. -O2 (Polly and gcc add theirs to it)' }),
      (a) =>
        set(
          (async () => {
            const m = await import('../bench/index.js');
            return m.runBench({
              quick: a.quick,
              repeats: a.repeats,
              opt: a.opt,
              kernels: a.kernels?.map(String),
              outDir: a.out,
              json: `${a.out}/bench.json`,
              markdown: `${a.out}/bench.md`,
              svg: `${a.out}/bench.svg`,
            });
          })(),
        ),
    )
    .command(
      'tune',
      'a training run: build with slmcc, run the workload, judge parallel rewrites of its measured-hot functions on it, store the verdicts, leave the tuned build in place. Usage: tune --run CMD [--run CMD]... [--check-run CMD]... [--ignore REGEX]... [--output FILE]... [--top N] [--budget MINUTES] -- BUILD COMMAND...',
      (y) =>
        y
          .option('run', { type: 'string', array: true, default: [] as string[], describe: 'a workload command, run in this folder after the build (repeatable)' })
          .option('check-run', {
            type: 'string',
            array: true,
            default: [] as string[],
            describe: 'a smaller workload for the sanitizer runs, which are 5-20x slower (repeatable; default: the --run commands)',
          })
          .option('ignore', { type: 'string', array: true, default: [] as string[], describe: 'lines matching this regular expression are not compared (timings)' })
          .option('output', { type: 'string', array: true, default: [] as string[], describe: 'a file the workload writes, compared like its stdout' })
          .option('top', { type: 'number', default: 5, describe: 'at most this many functions' })
          .option('budget', { type: 'number', default: 30, describe: 'minutes; past it, no new function is started' })
          .option('rounds', { type: 'number', default: 5, describe: 'interleaved timing rounds per comparison (at most: a comparison stops once it is plain either way)' })
          .parserConfiguration({ 'populate--': true }),
      (a) =>
        set(
          import('../tune/index.js').then((m) =>
            m.runTune({
              runs: (a.run ?? []).map(String),
              ignore: (a.ignore ?? []).map(String),
              outputs: (a.output ?? []).map(String),
              top: a.top,
              budgetMinutes: a.budget,
              rounds: a.rounds,
              checkRuns: (a['check-run'] ?? []).map(String),
              build: ((a['--'] as unknown[] | undefined) ?? []).map(String),
            }),
          ),
        ),
    )
    .command(
      'overhead',
      "measure slmcc's cost on files it leaves alone: make -j2 over loop-free units, against clang-19",
      (y) => y.option('units', { type: 'number', default: 40 }).option('repeats', { type: 'number', default: 5 }),
      (a) => set(import('../bench/index.js').then((m) => m.runDriverOverhead({ units: a.units, repeats: a.repeats }))),
    )
    .command(
      'bench-builds',
      'measure whole builds against clang-19 (make -j2): loop files first and second build, kernels/interp empty and warm from another checkout, loop-free files; prints a table of medians',
      (y) =>
        y
          .option('repeats', { type: 'number', default: 5 })
          .option('loop-units', { type: 'number', default: 16, describe: 'generated files with one loop nest each' })
          .option('units', { type: 'number', default: 40, describe: 'generated loop-free files' })
          .option('project', { type: 'string', describe: 'a project whose Makefile honours CC and has clean (default: kernels/interp)' })
          .option('jobs', { type: 'number', default: 2 }),
      (a) => set(import('../bench/index.js').then((m) => m.runBenchBuilds({ repeats: a.repeats, loopUnits: a['loop-units'], units: a.units, project: a.project ?? m.DEFAULT_PROJECT, jobs: a.jobs }))),
    )
    .command(
      'bench-one-file',
      'measure a compile-and-link of one small file (slmcc x.c -o x, then run x) once its outcome is settled, against clang-19, and the -c path beside it; prints a table of medians',
      (y) => y.option('programs', { type: 'number', default: 50 }).option('repeats', { type: 'number', default: 5 }).option('keep', { type: 'boolean', default: false }),
      (a) => set(import('../bench/index.js').then((m) => m.runBenchOneFile({ programs: a.programs, repeats: a.repeats, keep: a.keep }))),
    )
    .demandCommand(1, USAGE)
    .strict()
    .help()
    .alias('help', 'h')
    .version(false)
    .fail((msg, err) => {
      if (err) throw err;
      process.stderr.write(`slmcc: ${msg}\nRun \`slmcc --slmcc --help\` for the commands.\n`);
      code = 2;
    })
    .parseAsync();
  return code;
}
