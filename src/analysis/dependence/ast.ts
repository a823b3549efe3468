export { unparen, field, walk, type SyntaxNode } from '../index.js';
export type ReductionOpLike = '+' | '*' | 'min' | 'max' | '&' | '|' | '^';
