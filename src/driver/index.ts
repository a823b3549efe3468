export { preprocess, type Preprocessed } from './preprocess.js';
