import fs from 'node:fs';

export async function runVersion(): Promise<number> {
  const pkg = JSON.parse(fs.readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
  process.stdout.write(`slmcc ${pkg.version}\n`);
  return 0;
}
