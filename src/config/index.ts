export * from './settings.js';
export { loadConfig, logPath, type LoadedConfig, type Source } from './load.js';
export { flagsReassociate, reassociationAllowed } from './reassociation.js';
