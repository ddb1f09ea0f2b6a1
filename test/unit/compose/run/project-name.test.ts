import { describe, expect, it } from 'vitest';
import {
  defaultProjectName,
  PROJECT_NAME_PATTERN,
  projectNameProblem,
  sanitise,
} from '../../../../src/compose/run/project-name.js';

const fixed = () => 'a1b2c3';

describe('the default project name of seaworthy run', () => {
  it('comes from the GitLab job id', () => {
    expect(defaultProjectName({ CI_JOB_ID: '123456', CI_COMMIT_SHORT_SHA: 'deadbeef' }, fixed)).toBe(
      'sw-gl123456-a1b2c3',
    );
  });

  it('comes from the GitHub Actions run id and attempt', () => {
    expect(
      defaultProjectName({ GITHUB_RUN_ID: '987', GITHUB_RUN_ATTEMPT: '2', GITHUB_SHA: 'f'.repeat(40) }, fixed),
    ).toBe('sw-gh987-2-a1b2c3');
    expect(defaultProjectName({ GITHUB_RUN_ID: '987' }, fixed)).toBe('sw-gh987-a1b2c3');
  });

  it('comes from the Bitbucket build number and step uuid', () => {
    expect(
      defaultProjectName(
        { BITBUCKET_BUILD_NUMBER: '42', BITBUCKET_STEP_UUID: '{0a1b2c3d-4e5f-6789-abcd-ef0123456789}' },
        fixed,
      ),
    ).toBe('sw-bb42-0a1b2c3d-a1b2c3');
  });

  it('falls back to the short commit, then to "local"', () => {
    expect(defaultProjectName({ GITHUB_SHA: '0123456789abcdef0123' }, fixed)).toBe('sw-01234567-a1b2c3');
    expect(defaultProjectName({ BITBUCKET_COMMIT: 'ABCDEF12345' }, fixed)).toBe('sw-abcdef12-a1b2c3');
    expect(defaultProjectName({}, fixed)).toBe('sw-local-a1b2c3');
    expect(defaultProjectName({ CI_JOB_ID: '  ' }, fixed)).toBe('sw-local-a1b2c3');
  });

  it('is a valid name whatever the variables hold, and differs between two runs of one job', () => {
    const name = defaultProjectName({ CI_JOB_ID: 'Job #7 / ünïcode' });
    expect(name).toMatch(PROJECT_NAME_PATTERN);
    expect(name).toMatch(/^sw-gl-?job-7-[a-z0-9-]*-[0-9a-f]{6}$/);
    expect(defaultProjectName({ CI_JOB_ID: '!!!' })).toMatch(/^sw-gl-[0-9a-f]{6}$/);
    expect(defaultProjectName({ CI_JOB_ID: '1' })).not.toBe(defaultProjectName({ CI_JOB_ID: '1' }));
    expect(defaultProjectName({ CI_JOB_ID: '9'.repeat(200) }).length).toBeLessThanOrEqual(63);
  });

  it('sanitises to lower-case letters, digits, _ and -', () => {
    expect(sanitise('My Project.Name')).toBe('my-project-name');
    expect(sanitise('--a__b--')).toBe('a__b');
  });

  it('validates --project-name', () => {
    expect(projectNameProblem('ci-42_a')).toBeUndefined();
    expect(projectNameProblem('Upper')).toMatch(/not a valid project name/);
    expect(projectNameProblem('-lead')).toMatch(/starting with a letter or digit/);
    expect(projectNameProblem('a'.repeat(64))).toBeDefined();
  });
});
