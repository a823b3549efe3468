// The flag table lives in core (core/flags.ts) so that every part that is
// handed flags reads them through it; the driver's name for it stays.
export * from '../core/flags.js';
