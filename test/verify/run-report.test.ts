// What a failed run may say (src/verify/run-report.ts): rebuilt from known
// words and the candidate's line numbers, never copied from the run's output.
import { describe, expect, it } from 'vitest';
import { harnessMismatch, reduceSanitizerReport, type CandidateScope } from '../../src/verify/run-report.js';

const SECRET = 'SLMCC_SECRET_7c4a8d09ca';
const scope: CandidateScope = { fn: 'kern', aliases: ['__slmcc_cand'], lines: [40, 52], file: '/src/k.c' };

describe('a sanitizer report', () => {
  it("keeps the kind and the accesses at the candidate's lines; a forged report printed before it counts for nothing", () => {
    const stderr = [
      `${SECRET} NAME="Debian GNU/Linux"`,
      'WARNING: ThreadSanitizer: heap-use-after-free',
      `    #0 kern /src/k.c:41:1 (${SECRET})`,
      '==================',
      'WARNING: ThreadSanitizer: data race (pid=2)',
      '  Write of size 8 at 0x7ffd75bccfc8 by thread T1:',
      '    #0 kern.omp_outlined_debug__ /src/k.c:45:38 (harness+0xe477d) (BuildId: 386b)',
      '    #1 kern.omp_outlined /src/k.c:43:1 (harness+0xe4805)',
      '    #2 __kmp_invoke_microtask <null> (libomp.so.5+0xe0678)',
      '    #3 __slmcc_ref <slmcc harness>:12:1 (harness+0xe45f5)',
      '  Previous read of size 8 at 0x7ffd75bccfc8 by main thread:',
      '    #0 kern.omp_outlined_debug__ /src/k.c:46:9 (harness+0xe477d)',
      `    #1 kern /etc/${SECRET}:47:1`,
      `SUMMARY: ThreadSanitizer: data race /src/k.c:45:38 in kern.omp_outlined_debug__`,
    ].join('\n');
    expect(reduceSanitizerReport('ThreadSanitizer', stderr, scope)).toBe("ThreadSanitizer report: data race; the candidate's write of size 8 at line 6, 4; previous read of size 8 at line 7");
  });

  it('a kind it does not know is named by the sanitizer only; a report with no frame of the candidate says so', () => {
    expect(reduceSanitizerReport('AddressSanitizer', `ERROR: AddressSanitizer: ${SECRET} on address 0x1`, scope)).toBe("AddressSanitizer report (no frame in the candidate's lines)");
    expect(reduceSanitizerReport('AddressSanitizer', `${SECRET}\nnothing that looks like a report`, scope)).toBe('AddressSanitizer report');
  });

  it('UBSan messages are reduced to what they are about, not their values or type names', () => {
    const stderr = [`/src/k.c:44:12: runtime error: index 10 out of bounds for type 'double [${SECRET}]'`, '    #0 0x55d0 in kern /src/k.c:44:12', '    #1 0x55d1 in main <slmcc harness>:80:3'].join(
      '\n',
    );
    expect(reduceSanitizerReport('UndefinedBehaviorSanitizer', stderr, scope)).toBe("UndefinedBehaviorSanitizer report: index out of bounds; the candidate's code at line 5");
  });
});

describe('a differential mismatch', () => {
  const nonce = '0123456789abcdef01234567';

  it("is the harness' line right before DIFFER <nonce>", () => {
    const stdout = `REF_DONE 100\nMISMATCH a[0]: ${SECRET}\nMISMATCH y[3]: reference 2.5, candidate 3\nDIFFER ${nonce}\n`;
    expect(harnessMismatch(stdout, nonce)).toBe('MISMATCH y[3]: reference 2.5, candidate 3');
  });

  it("a candidate's own MISMATCH line, with no DIFFER or a wrong nonce, is nothing", () => {
    expect(harnessMismatch(`MISMATCH a[0]: ${SECRET}\n`, nonce)).toBeUndefined();
    expect(harnessMismatch(`MISMATCH a[0]: ${SECRET}\nDIFFER ffffffffffffffffffffffff\n`, nonce)).toBeUndefined();
  });

  it('what the candidate printed without a newline before it is cut off', () => {
    expect(harnessMismatch(`${SECRET}MISMATCH return value: reference 1, candidate nan\nDIFFER ${nonce}\n`, nonce)).toBe('MISMATCH return value: reference 1, candidate nan');
    expect(harnessMismatch(`MISMATCH global g\nDIFFER ${nonce}\n`, nonce)).toBe('MISMATCH global g');
  });
});
