import type { Config } from '../config/index.js';
import type { Arg } from '../core/command-line.js';

/** One source of a compile whose user's command succeeded: what deciding it needs to know. */
export interface SourceJob {
  source: string;
  cwd: string;
  cc: string[];
  ccResolved: string;
  parsed: Arg[];
  config: Config;
  /**
   * The user's arguments as bin/slmcc received them, when it runs them with
   * the compiler it finds itself (no launcher form, no SLMCC_CC): only then
   * can a settled outcome be written down for the script's direct mode.
   */
  argv?: readonly string[];
}
