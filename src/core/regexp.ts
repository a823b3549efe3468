// A name (a C identifier, an LLVM symbol) matched literally inside a pattern.

/** `s` with every character a regular expression gives meaning to escaped. */
export const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
