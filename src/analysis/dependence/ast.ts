export { unparen, field, walk, memoPerParse, type SyntaxNode } from '../index.js';
export type ReductionOpLike = '+' | '*' | 'min' | 'max' | '&' | '|' | '^';
