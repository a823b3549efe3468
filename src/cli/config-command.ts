import { loadConfig, SETTINGS, shownValue, type SettingName } from '../config/index.js';

export async function runConfig(opts: { json: boolean }): Promise<number> {
  const loaded = loadConfig();
  const rows = (Object.keys(SETTINGS) as SettingName[]).map((name) => {
    const s = SETTINGS[name];
    const source = loaded.sources[name];
    const from = source === 'env' ? `env ${s.env}` : source === 'file' ? `file ${loaded.file}` : 'default';
    return { name, env: s.env, value: shownValue(name, loaded.config[name]), from, help: s.help };
  });
  if (opts.json) {
    process.stdout.write(JSON.stringify({ file: loaded.file ?? null, errors: loaded.errors, settings: rows }, null, 2) + '\n');
  } else {
    process.stdout.write(`config file: ${loaded.file ?? '(none: $SLMCC_CONFIG, ./slmcc.json, ~/.config/slmcc/config.json)'}\n`);
    const w = Math.max(...rows.map((r) => r.env.length));
    for (const r of rows) {
      const v = r.value === '' ? '(unset)' : String(r.value);
      process.stdout.write(`${r.env.padEnd(w)}  ${v}  [${r.from}]\n`);
    }
    for (const e of loaded.errors) process.stdout.write(`error: ${e}\n`);
  }
  return loaded.errors.length > 0 ? 1 : 0;
}
