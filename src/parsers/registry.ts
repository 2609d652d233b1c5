// Maps each parser name to its implementation (one file per output format).
import type { Parser, ParserName } from './index.js';

export const PARSERS: Partial<Record<ParserName, Parser>> = {};
