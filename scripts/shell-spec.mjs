// Writes bin/slmcc-spec.sh, the lists bin/slmcc shares with the TypeScript,
// from the built sources (src/pipeline/shell-spec.ts): `npm run build` runs it
// after tsc. The file is committed; test/shell/spec.test.ts fails while it
// differs from what this writes. Rewritten only when its text changes.
import fs from 'node:fs';
import { SHELL_SPEC_FILE, shellSpec } from '../dist/pipeline/shell-spec.js';

const file = new URL(`../bin/${SHELL_SPEC_FILE}`, import.meta.url);
const text = shellSpec();
let old;
try {
  old = fs.readFileSync(file, 'utf8');
} catch {
  old = undefined;
}
if (old !== text) fs.writeFileSync(file, text);
