// Floating-point reductions follow the compiler's permission: the flags
// with which clang itself may reassociate, or slmcc's own setting.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig, reassociationAllowed } from '../../src/config/index.js';
import { cacheKey } from '../../src/cache/key.js';
import { tempDir } from '../support/driver-env.js';

const off = { reassociate: false };

describe('reassociationAllowed', () => {
  it('follows the flags that let clang reassociate', () => {
    expect(reassociationAllowed(['-O2'], off)).toBe(false);
    for (const f of ['-ffast-math', '-fassociative-math', '-funsafe-math-optimizations', '-Ofast']) expect(reassociationAllowed(['-O2', f], off)).toBe(true);
  });

  it('a later -fno-fast-math or -fno-associative-math takes it back, and a later allowing flag gives it again', () => {
    expect(reassociationAllowed(['-ffast-math', '-fno-fast-math'], off)).toBe(false);
    expect(reassociationAllowed(['-ffast-math', '-fno-associative-math'], off)).toBe(false);
    expect(reassociationAllowed(['-fno-fast-math', '-ffast-math'], off)).toBe(true);
    expect(reassociationAllowed(['-Ofast', '-fno-fast-math'], off)).toBe(false);
  });

  it('-Ofast counts only while it is the last -O level', () => {
    expect(reassociationAllowed(['-Ofast', '-O2'], off)).toBe(false);
    expect(reassociationAllowed(['-O2', '-Ofast'], off)).toBe(true);
  });

  it('the setting allows it whatever the flags say', () => {
    expect(reassociationAllowed(['-O2', '-fno-fast-math'], { reassociate: true })).toBe(true);
  });
});

describe('the reassociate setting', () => {
  it('is off by default, on with SLMCC_REASSOCIATE=1 or the file key, and checked', () => {
    expect(loadConfig({ HOME: tempDir() }, tempDir()).config.reassociate).toBe(false);
    expect(loadConfig({ HOME: tempDir(), SLMCC_REASSOCIATE: '1' }, tempDir()).config.reassociate).toBe(true);
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, 'slmcc.json'), JSON.stringify({ reassociate: true }));
    expect(loadConfig({ HOME: tempDir() }, dir).config.reassociate).toBe(true);
    expect(loadConfig({ HOME: tempDir(), SLMCC_REASSOCIATE: 'maybe' }, tempDir()).errors[0]).toMatch(/SLMCC_REASSOCIATE="maybe" is not valid/);
  });

  it('is part of the cache key when on, and leaves the keys of earlier caches as they were when off', () => {
    const base = { functionText: 'void f(void) {}', declarations: '', compilerIdentity: 'clang', codeFlags: ['-O2'], target: 'x86_64', provider: 'builtin' };
    expect(cacheKey({ ...base, reassociate: false })).toBe(cacheKey(base));
    expect(cacheKey({ ...base, reassociate: true })).not.toBe(cacheKey(base));
  });
});
