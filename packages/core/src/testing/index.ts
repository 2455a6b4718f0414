export { requires, requiresAll, type Requirement, type RequirementOptions } from './requires.js';
export { standaloneJobContext } from './jobContext.js';
