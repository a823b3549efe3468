export { unparen, field, walk, type SyntaxNode } from '../../analysis/index.js';
export type ReductionOpLike = '+' | '*' | 'min' | 'max' | '&' | '|' | '^';
