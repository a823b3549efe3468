// What the array-size probe learns from the unit's own optimised IR: the
// constants the program's one call of a kernel passes, and nothing where
// the unit does not show every caller.
import { describe, expect, it } from 'vitest';
import { analyze } from '../../src/analysis/index.js';
import { argumentDefines, constantArguments, type CallConstant } from '../../src/verify/call-constants.js';
import { planHarness } from '../../src/verify/harness.js';

const main = (call: string, extra = '') => `define dso_local i32 @main() #0 {
  %5 = tail call ptr @polybench_alloc_data(i64 1440000, i32 8)
  ${call}
  ret i32 0
}
${extra}
define dso_local void @kernel_syrk(i32 noundef %0, i32 noundef %1, double noundef %2, double noundef %3, ptr noundef %4, ptr noundef %5) #4 {
  ret void
}
@llvm.used = appending global [1 x ptr] [ptr @kernel_syrk], section "llvm.metadata"
`;

describe("the constants a kernel's one call passes", () => {
  it("reads PolyBench's sizes and the alpha and beta init_array set, as -O3 propagated them", () => {
    const ir = main('tail call void @kernel_syrk(i32 noundef 1200, i32 noundef 1000, double noundef 1.500000e+00, double noundef 1.200000e+00, ptr noundef %5, ptr noundef %6) #5');
    expect(constantArguments(ir, 'kernel_syrk', 6)).toEqual([
      { index: 0, kind: 'int', literal: '1200', value: 1200 },
      { index: 1, kind: 'int', literal: '1000', value: 1000 },
      { index: 2, kind: 'float', literal: '1.5', value: 1.5 },
      { index: 3, kind: 'float', literal: '1.2', value: 1.2 },
    ]);
  });

  it('reads a double LLVM prints as its bits', () => {
    const ir = main('call void @kernel_syrk(i32 noundef 8, i32 noundef %n, double noundef 0x3FB999999999999A, double noundef 0xBFF8000000000000, ptr noundef %5, ptr noundef %6)');
    expect(constantArguments(ir, 'kernel_syrk', 6).map((c) => c.literal)).toEqual(['8', '0.1', '-1.5']);
  });

  it('finds nothing where the kernel is called twice', () => {
    const two = 'call void @kernel_syrk(i32 1, i32 1, double 1.000000e+00, double 1.000000e+00, ptr %5, ptr %6)';
    expect(constantArguments(main(`${two}\n  ${two}`), 'kernel_syrk', 6)).toEqual([]);
  });

  it('finds nothing where its address is taken: a caller the unit does not show may pass anything', () => {
    const ir = main('call void @kernel_syrk(i32 1, i32 1, double 1.000000e+00, double 1.000000e+00, ptr %5, ptr %6)', '@table = global ptr @kernel_syrk');
    expect(constantArguments(ir, 'kernel_syrk', 6)).toEqual([]);
  });

  it('finds nothing where the call does not pass one argument per parameter (a struct split by the ABI)', () => {
    const ir = main('call void @kernel_syrk(i32 1, i32 1, double 1.000000e+00, double 1.000000e+00, ptr %5, ptr %6, i64 7)');
    expect(constantArguments(ir, 'kernel_syrk', 6)).toEqual([]);
  });

  it('finds nothing where -O3 inlined the call away', () => {
    expect(constantArguments(main(''), 'kernel_syrk', 6)).toEqual([]);
  });
});

const SYRK = `# 1 "syrk.c"
static void kernel_syrk(int n, int m, int iters, double alpha, float beta, double C[1200][1200], double A[1200][1000]) {
  for (int t = 0; t < iters; t++)
    for (int i = 0; i < n; i++) {
      for (int j = 0; j <= i; j++) C[i][j] *= beta;
      for (int k = 0; k < m; k++)
        for (int j = 0; j <= i; j++) C[i][j] += alpha * A[i][k] * A[j][k];
    }
}
`;

describe('which of those constants the array-size probe passes', () => {
  const params = planHarness(analyze(SYRK).functions[0]).params;
  const int = (index: number, value: number): CallConstant => ({ index, kind: 'int', literal: String(value), value });
  const float = (index: number, value: number): CallConstant => ({ index, kind: 'float', literal: String(value), value });

  it('passes sizes within the buffers it made and floating values to floating parameters', () => {
    expect(argumentDefines([int(0, 1200), int(1, 1000), float(3, 1.5), float(4, 1.2)], params, 1200)).toEqual([
      '-D__SLMCC_ARG_0=1200',
      '-D__SLMCC_ARG_1=1000',
      '-D__SLMCC_ARG_3=1.5',
      '-D__SLMCC_ARG_4=1.2',
    ]);
  });

  it('never a size past the buffers or the fixed dimensions, nor a negative one', () => {
    expect(argumentDefines([int(0, 1300), int(1, 1100), int(0, -1)], params, 1200)).toEqual([]);
    expect(argumentDefines([int(0, 1000)], params, 800)).toEqual([]);
  });

  it('never a repeat count, which the timing keeps small for every side', () => {
    expect(params[2].repeat).toBe(true);
    expect(argumentDefines([int(2, 10)], params, 1200)).toEqual([]);
  });

  it('never a constant of the other kind, nor one for a pointer', () => {
    expect(argumentDefines([float(0, 2.5), int(3, 2), int(5, 0)], params, 1200)).toEqual([]);
  });
});
