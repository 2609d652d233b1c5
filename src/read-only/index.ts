// The read-only classifier and the command limits: what a check may send in --check, and what no command may be.
export { classifyCommand } from './classify.js';
export { classifyRequest } from './request.js';
export { commandLimitProblem, maxCommandLength } from './limits.js';
export { commandShape } from './template-shape.js';
export { PLACEHOLDER_QUOTED, PLACEHOLDER_RAW, type CommandTarget, type Verdict, type VerdictKind } from './verdict.js';
