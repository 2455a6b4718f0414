export { requires, requiresAll, type Requirement, type RequirementOptions } from './requires.js';
