import { SeaworthyError } from './base.js';

/** Test fixtures were declared in a way that cannot work (unknown dependency, scope order, cycle). */
export class FixtureDefinitionError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_FIXTURE_DEFINITION';
  readonly fixture: string;

  constructor(fixture: string, problem: string) {
    super('SEAWORTHY_FIXTURE_DEFINITION', `fixture '${fixture}' ${problem}`);
    this.fixture = fixture;
  }
}

/** A fixture value was read where it does not exist (outside a test, before its hook ran). */
export class FixtureUnavailableError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_FIXTURE_UNAVAILABLE';
  readonly fixture: string;

  constructor(fixture: string, detail: string) {
    super('SEAWORTHY_FIXTURE_UNAVAILABLE', `'${fixture}' is not available here: ${detail}`);
    this.fixture = fixture;
  }
}

/** A test needs a Docker engine and none answered; thrown instead of skipping when CI is set. */
export class DockerRequiredError extends SeaworthyError {
  declare readonly code: 'SEAWORTHY_DOCKER_REQUIRED';

  constructor(reason: string, cause?: unknown) {
    super(
      'SEAWORTHY_DOCKER_REQUIRED',
      `this test needs a Docker engine, and CI is set, so it fails rather than skips: ${reason}`,
      { cause },
    );
  }
}
