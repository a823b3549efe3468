// `npm run bench [-- --quick] [-- --kernels matmul,fft] ...`: the benchmark
// without going through the slmcc binary's management commands.
// `npm run bench:polybench -- DIR [...]` is `--polybench DIR`: PolyBench/C.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runBench } from './kernels.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    quick: { type: 'boolean', default: false },
    repeats: { type: 'string', default: '5' },
    kernels: { type: 'string', multiple: true },
    out: { type: 'string', default: 'bench-out' },
    slmcc: { type: 'string' },
    size: { type: 'string' },
    opt: { type: 'string', default: '-O3' },
    corpus: { type: 'boolean', default: false },
    cppflags: { type: 'string' },
    polybench: { type: 'boolean', default: false },
    only: { type: 'string' },
    dataset: { type: 'string', default: 'LARGE' },
    json: { type: 'string' },
    reassociate: { type: 'boolean', default: false },
    timeout: { type: 'string', default: '3600' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(`usage: npm run bench -- [--quick] [--corpus] [--repeats N] [--kernels a,b] [--out DIR] [--slmcc CMD] [--size small|N] [--cppflags=F]
       npm run bench:polybench -- DIR [--only REGEX] [--dataset D] [--repeats N] [--json FILE] [--out DIR] [--slmcc CMD]
  --quick      ${"4 kernels, 3 repeats: the README's first run"}
  --repeats N  interleaved runs per kernel and variant (default 5); the table shows medians
  --kernels    which kernels (default all eleven)
  --out DIR    builds, bench.json, bench.md and bench.svg go here (default bench-out)
  --slmcc CMD  the compiler for the slmcc rows (default <repo>/bin/slmcc)
  --size S     run every kernel at size S (small, or a number) instead of the benchmark size
  --opt LEVEL  optimisation level of every row (default -O3; Polly and gcc add theirs to it)
  --corpus     the real-shaped programs of kernels/corpus instead: -O3, Polly and slmcc (builtin), their
               outputs compared, and each kernel function's verdict; --kernels picks programs; results in DIR/corpus/
  --cppflags=F with --corpus: preprocessor flags for every build, e.g. --cppflags='-DN=200 -DTSTEPS=5' (size macros)
  --polybench DIR  PolyBench/C 4.2.1 at DIR: -O3, Polly and slmcc (no model server), outputs checked with
               POLYBENCH_DUMP_ARRAYS, timed interleaved; scratch in OUT/polybench/. With it:
    --only REGEX     programs whose name matches (default all 30)
    --dataset D      MINI, SMALL, MEDIUM, LARGE (default) or EXTRALARGE
    --json FILE      the rows and the summary as JSON
    --reassociate    build slmcc with SLMCC_REASSOCIATE=1 (its outputs may then differ within 1e-9)
    --timeout S      seconds per program run (default 3600)
`);
  process.exit(0);
}

if (values.polybench || positionals.length) {
  const dir = positionals[0];
  const dataset = values.dataset!.toUpperCase();
  const { DATASETS, runPolybenchBench } = await import('./polybench.js');
  const repeats = Number(values.repeats);
  const timeoutSec = Number(values.timeout);
  const bad = !values.polybench || !dir || positionals.length > 1 || !(DATASETS as readonly string[]).includes(dataset);
  if (bad || !(repeats >= 1) || !(timeoutSec > 0)) {
    process.stderr.write(`usage: npm run bench:polybench -- DIR [--only REGEX] [--dataset ${DATASETS.join('|')}] [--repeats N] [--json FILE] (see --help)\n`);
    process.exit(2);
  }
  const code = await runPolybenchBench({
    dir,
    only: values.only,
    dataset: dataset as (typeof DATASETS)[number],
    repeats,
    outDir: values.out!,
    json: values.json,
    slmcc: values.slmcc,
    reassociate: values.reassociate!,
    timeoutSec,
    repo: path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..'),
    log: (l) => void process.stderr.write(l + '\n'),
    out: (t) => void process.stdout.write(t),
  });
  process.exit(code);
}

const out = values.out!;
const code = await runBench({
  quick: values.quick!,
  repeats: Number(values.repeats),
  kernels: values.kernels,
  outDir: out,
  json: `${out}/bench.json`,
  markdown: `${out}/bench.md`,
  svg: `${out}/bench.svg`,
  slmcc: values.slmcc,
  size: values.size,
  opt: values.opt,
  corpus: values.corpus,
  cppflags: values.cppflags,
});
process.exit(code);
