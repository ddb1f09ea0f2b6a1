import type { LoadRunProject } from './run-project.js';

/** Placeholder until the stack runtime lands (replaced at merge). */
export const loadRunProject: LoadRunProject = () => {
  throw new Error('compose stack runtime not merged yet');
};
