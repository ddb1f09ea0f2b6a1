import { SeaworthyError } from './base.js';

/** What is wrong with a process list that should form one tree. */
export type ProcessTreeProblem = 'forest' | 'duplicate-pid' | 'missing-parent' | 'empty';

/** A process list does not form a single tree rooted at one process. */
export class ProcessTreeError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_PROCESS_TREE';
  readonly problem: ProcessTreeProblem;

  constructor(problem: ProcessTreeProblem, detail: string) {
    super('SEAWORTHY_PROCESS_TREE', `the processes do not form one tree: ${detail}`);
    this.problem = problem;
  }
}

/** The container's processes could not be listed. */
export class ProcessListError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_PROCESS_LIST';
  readonly container: string;

  constructor(container: string, detail: string, cause?: unknown) {
    super(
      'SEAWORTHY_PROCESS_LIST',
      `cannot list the processes of container '${container}': ${detail}. ` +
        'Listing needs a running container and either a local engine or `sh` and `cat` in the image.',
      { cause },
    );
    this.container = container;
  }
}
