// slmcc in the places build systems put a C compiler: a CMake toolchain file,
// CC= in CMake and make, and autoconf's probes.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLANG, REPO, SLMCC, run, runAsync, slmccEnv, tempDir, writeFiles } from '../support/driver-env.js';

const CMAKE_PROJECT: Record<string, string> = {
  'CMakeLists.txt': `cmake_minimum_required(VERSION 3.20)
project(demo C)
add_library(vec STATIC vec.c)
add_executable(demo main.c)
target_link_libraries(demo vec)
target_compile_options(demo PRIVATE -Wall -Werror)
`,
  'vec.c': 'double dot(int n, const double *a, const double *b) { double s = 0; for (int i = 0; i < n; i++) s += a[i] * b[i]; return s; }\n',
  'main.c': '#include <stdio.h>\ndouble dot(int, const double *, const double *);\nint main(void) { double a[3] = {1, 2, 3}; printf("%g\\n", dot(3, a, a)); return 0; }\n',
};

function cmakeBuild(configureArgs: string[], env: NodeJS.ProcessEnv) {
  const dir = tempDir();
  writeFiles(dir, CMAKE_PROJECT);
  const configure = run('cmake', ['-S', '.', '-B', 'build', ...configureArgs], { cwd: dir, env });
  const build = run('cmake', ['--build', 'build', '-j2'], { cwd: dir, env });
  return { dir, configure, build };
}

describe('CMake', () => {
  it('identifies Clang 19 through the toolchain file and builds with -j2', () => {
    const { dir, configure, build } = cmakeBuild([`-DCMAKE_TOOLCHAIN_FILE=${REPO}/cmake/slmcc-toolchain.cmake`], slmccEnv());
    expect(configure.status, configure.stderr).toBe(0);
    expect(configure.stdout).toMatch(/The C compiler identification is Clang 19\./);
    expect(configure.stdout).toContain(`Check for working C compiler: ${SLMCC} - skipped`);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(run(path.join(dir, 'build', 'demo'), [], { cwd: dir }).stdout).toBe('14\n');
  });

  it('identifies Clang 19 with CC=slmcc and builds with -j2', () => {
    const { dir, configure, build } = cmakeBuild([], slmccEnv({ CC: SLMCC }));
    expect(configure.status, configure.stderr).toBe(0);
    expect(configure.stdout).toMatch(/The C compiler identification is Clang 19\./);
    expect(build.status, build.stdout + build.stderr).toBe(0);
    expect(run(path.join(dir, 'build', 'demo'), [], { cwd: dir }).stdout).toBe('14\n');
  });
});

describe('autoconf-style probes', () => {
  // The commands configure runs, with conftest files; every one must answer as clang-19 does.
  const PROBES: { name: string; files: Record<string, string>; args: string[] }[] = [
    { name: 'version', files: {}, args: ['--version'] },
    { name: '-V (rejected)', files: {}, args: ['-V'] },
    { name: '-qversion (rejected)', files: {}, args: ['-qversion'] },
    { name: 'works', files: { 'conftest.c': 'int main(void) { return 0; }\n' }, args: ['-g', '-O2', 'conftest.c', '-o', 'conftest'] },
    { name: 'object extension', files: { 'conftest.c': 'int main(void) { return 0; }\n' }, args: ['-c', 'conftest.c'] },
    { name: 'header present', files: { 'conftest.c': '#include <stdio.h>\nint main(void) { return 0; }\n' }, args: ['-E', 'conftest.c'] },
    { name: 'header missing', files: { 'conftest.c': '#include <no_such_header.h>\n' }, args: ['-E', 'conftest.c'] },
    { name: 'function missing', files: { 'conftest.c': 'char nosuchfn(void);\nint main(void) { return nosuchfn(); }\n' }, args: ['conftest.c', '-o', 'conftest'] },
    { name: 'loop in conftest', files: { 'conftest.c': 'int main(void) { int s = 0; for (int i = 0; i < 10; i++) s += i; return s != 45; }\n' }, args: ['-O2', 'conftest.c', '-o', 'conftest'] },
  ];

  it.each(PROBES)('$name', ({ files, args }) => {
    const a = tempDir();
    const b = tempDir();
    writeFiles(a, files);
    writeFiles(b, files);
    const clang = run(CLANG, args, { cwd: a });
    const slmcc = run(SLMCC, args, { cwd: b, env: slmccEnv() });
    const norm = (s: string, d: string) =>
      s
        .split(d)
        .join('<dir>')
        .replace(/\/tmp\/conftest-[\w]+/g, '<tmp>')
        .replace(/-[0-9a-f]{6,}\.o/g, '-X.o');
    expect(slmcc.status).toBe(clang.status);
    expect(norm(slmcc.stdout, b)).toBe(norm(clang.stdout, a));
    expect(norm(slmcc.stderr, b)).toBe(norm(clang.stderr, a));
    expect(fs.readdirSync(b).sort()).toEqual(fs.readdirSync(a).sort());
  });
});

describe('make -j2 over many files', () => {
  it('builds and runs the same program as clang-19', async () => {
    const dir = tempDir();
    const files: Record<string, string> = {};
    const n = 24;
    for (let i = 0; i < n; i++) {
      files[`f${i}.c`] = i % 3 === 0 ? `void f${i}(int n, double *restrict a) { for (int j = 0; j < n; j++) a[j] = a[j] * 2 + ${i}; }\n` : `int g${i}(int x) { return x + ${i}; }\n`;
    }
    const calls = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `f${i}(8, a);` : `s += g${i}(1);`)).join(' ');
    const decls = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? `void f${i}(int, double *);` : `int g${i}(int);`)).join('\n');
    files['main.c'] = `#include <stdio.h>\n${decls}\nint main(void) { double a[8] = {0}; long s = 0; ${calls} printf("%ld %g\\n", s, a[3]); return 0; }\n`;
    const objs = [...Object.keys(files)].map((f) => f.replace(/\.c$/, '.o')).join(' ');
    files['Makefile'] = `CFLAGS ?= -O2\nprog: ${objs}\n\t$(CC) ${objs} -o prog\n%.o: %.c\n\t$(CC) $(CFLAGS) -c $< -o $@\n`;
    writeFiles(dir, files);
    const ref = tempDir();
    writeFiles(ref, files);
    expect(run('make', ['-j2', `CC=${CLANG}`], { cwd: ref }).status).toBe(0);
    // Eight files have loops and are checked: async, so the test worker is not blocked for that long.
    const r = await runAsync('make', ['-j2', `CC=${SLMCC}`], { cwd: dir, env: slmccEnv() });
    expect(r.status, r.stderr).toBe(0);
    expect(run(path.join(dir, 'prog'), [], { cwd: dir }).stdout).toBe(run(path.join(ref, 'prog'), [], { cwd: ref }).stdout);
  });
});
