import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SETTINGS, shownValue, type Config, type SettingName } from './settings.js';

export type Source = 'env' | 'file' | 'default';

export interface LoadedConfig {
  config: Config;
  sources: Record<SettingName, Source>;
  /** The config file read, if any. */
  file?: string;
  /** One line each: what is wrong and what is accepted. Non-empty means the build goes on as passthrough. */
  errors: string[];
}

function configFileCandidates(env: NodeJS.ProcessEnv, cwd: string): { path: string; explicit: boolean }[] {
  if (env.SLMCC_CONFIG) return [{ path: path.resolve(cwd, env.SLMCC_CONFIG), explicit: true }];
  const home = env.HOME || os.homedir();
  return [
    { path: path.join(cwd, 'slmcc.json'), explicit: false },
    { path: path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), 'slmcc', 'config.json'), explicit: false },
  ];
}

function readConfigFile(env: NodeJS.ProcessEnv, cwd: string, errors: string[]): { values: Record<string, unknown>; file?: string } {
  for (const c of configFileCandidates(env, cwd)) {
    let raw: string;
    try {
      raw = fs.readFileSync(c.path, 'utf8');
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (!c.explicit && code === 'ENOENT') continue;
      errors.push(`slmcc: cannot read config file ${c.path} (${code ?? e}); fix or unset SLMCC_CONFIG`);
      return { values: {} };
    }
    try {
      const values = JSON.parse(raw);
      if (values === null || typeof values !== 'object' || Array.isArray(values)) throw new Error('not a JSON object');
      return { values, file: c.path };
    } catch (e) {
      errors.push(`slmcc: config file ${c.path} is not a JSON object (${(e as Error).message}); fix it or remove it`);
      return { values: {} };
    }
  }
  return { values: {} };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): LoadedConfig {
  const errors: string[] = [];
  const { values, file } = readConfigFile(env, cwd, errors);
  const config = {} as Record<SettingName, unknown>;
  const sources = {} as Record<SettingName, Source>;
  const known = new Set(Object.values(SETTINGS).map((s) => s.file));
  for (const key of Object.keys(values)) {
    if (!known.has(key)) errors.push(`slmcc: unknown key "${key}" in ${file}; accepted: ${[...known].join(', ')}`);
  }
  for (const [name, s] of Object.entries(SETTINGS) as [SettingName, (typeof SETTINGS)[SettingName]][]) {
    const fromEnv = env[s.env];
    const fromFile = values[s.file];
    let raw: string | undefined;
    let source: Source = 'default';
    let where = '';
    if (fromEnv !== undefined && fromEnv !== '') {
      raw = fromEnv;
      source = 'env';
      where = s.env;
    } else if (fromFile !== undefined) {
      raw = String(fromFile);
      source = 'file';
      where = `"${s.file}" in ${file}`;
    }
    if (raw === undefined) {
      config[name] = s.default(env);
      sources[name] = 'default';
      continue;
    }
    const parsed = (s.parse as (r: string) => unknown)(raw);
    if (parsed !== null && typeof parsed === 'object' && 'error' in parsed) {
      errors.push(`slmcc: ${where}=${JSON.stringify(shownValue(name, raw))} is not valid; ${(parsed as { error: string }).error}`);
      config[name] = s.default(env);
      sources[name] = 'default';
    } else {
      config[name] = parsed;
      sources[name] = source;
    }
  }
  return { config: config as Config, sources, file, errors };
}

/** Where the decision log goes when SLMCC_LOG is not set. */
export function logPath(config: Config): string {
  return config.log || path.join(config.cacheDir, 'decisions.jsonl');
}
