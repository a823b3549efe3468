// `npm run bench [-- --quick] [-- --kernels matmul,fft] ...`: the benchmark
// without going through the slmcc binary's management commands.
import { parseArgs } from 'node:util';
import { runBench } from './kernels.js';

const { values } = parseArgs({
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
    help: { type: 'boolean', short: 'h', default: false },
  },
});

if (values.help) {
  process.stdout.write(`usage: npm run bench -- [--quick] [--corpus] [--repeats N] [--kernels a,b] [--out DIR] [--slmcc CMD] [--size small|N] [--cppflags=F]
  --quick      ${'4 kernels, 3 repeats: the README\'s first run'}
  --repeats N  interleaved runs per kernel and variant (default 5); the table shows medians
  --kernels    which kernels (default all eleven)
  --out DIR    builds, bench.json, bench.md and bench.svg go here (default bench-out)
  --slmcc CMD  the compiler for the slmcc rows (default <repo>/bin/slmcc)
  --size S     run every kernel at size S (small, or a number) instead of the benchmark size
  --opt LEVEL  optimisation level of every row (default -O3; Polly and gcc add theirs to it)
  --corpus     the real-shaped programs of kernels/corpus instead: -O3, Polly and slmcc (builtin), their
               outputs compared, and each kernel function's verdict; --kernels picks programs; results in DIR/corpus/
  --cppflags=F with --corpus: preprocessor flags for every build, e.g. --cppflags='-DN=200 -DTSTEPS=5' (size macros)
`);
  process.exit(0);
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
