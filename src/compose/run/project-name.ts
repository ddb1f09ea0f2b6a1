import { randomBytes } from 'node:crypto';

/** The CI variables a run's default project name is made from. */
export interface ProjectNameEnv {
  /** GitLab CI: the job's id. */
  readonly CI_JOB_ID?: string;
  readonly CI_COMMIT_SHORT_SHA?: string;
  /** GitHub Actions: the workflow run's id, and which attempt of it. */
  readonly GITHUB_RUN_ID?: string;
  readonly GITHUB_RUN_ATTEMPT?: string;
  readonly GITHUB_SHA?: string;
  /** Bitbucket Pipelines: the build number, and the step (`{uuid}`) in it. */
  readonly BITBUCKET_BUILD_NUMBER?: string;
  readonly BITBUCKET_STEP_UUID?: string;
  readonly BITBUCKET_COMMIT?: string;
}

/** The longest project name made by default: it prefixes every container name. */
const MAX_BASE = 40;

/** Docker names allow letters, digits, `_`, `.` and `-`; project names are lower case, as in Compose. */
export const PROJECT_NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/;

/**
 * A project name no other run shares: `sw-<what identifies the job>-<random>`.
 * The job part comes from the CI system (`gl<job id>` on GitLab,
 * `gh<run id>-<attempt>` on GitHub Actions, `bb<build>-<step>` on
 * Bitbucket), else from the commit, else `local`; the random suffix keeps two
 * runs of the same job (a retry, two `seaworthy run` lines in one script)
 * apart. Always matches {@link PROJECT_NAME_PATTERN}.
 */
export function defaultProjectName(env: ProjectNameEnv, random: () => string = randomSuffix): string {
  const job = sanitise(jobPart(env)).slice(0, MAX_BASE).replace(/-+$/, '') || 'local';
  return `sw-${job}-${sanitise(random()) || 'x'}`;
}

function jobPart(env: ProjectNameEnv): string {
  const set = (value: string | undefined): value is string => value !== undefined && value.trim() !== '';
  if (set(env.CI_JOB_ID)) return `gl${env.CI_JOB_ID}`;
  if (set(env.GITHUB_RUN_ID)) {
    return `gh${env.GITHUB_RUN_ID}${set(env.GITHUB_RUN_ATTEMPT) ? `-${env.GITHUB_RUN_ATTEMPT}` : ''}`;
  }
  if (set(env.BITBUCKET_BUILD_NUMBER)) {
    const step = env.BITBUCKET_STEP_UUID?.replace(/[{}-]/g, '').slice(0, 8);
    return `bb${env.BITBUCKET_BUILD_NUMBER}${step ? `-${step}` : ''}`;
  }
  const commit = [env.CI_COMMIT_SHORT_SHA, env.GITHUB_SHA, env.BITBUCKET_COMMIT].find(set);
  if (commit) return commit.slice(0, 8);
  return 'local';
}

/** Lower case; anything but letters, digits, `_` and `-` becomes `-`; no runs of `-`, none at the ends. */
export function sanitise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9_-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-_]+|-+$/g, '');
}

function randomSuffix(): string {
  return randomBytes(3).toString('hex');
}

/** Why `name` can't be a project name, or undefined when it can. */
export function projectNameProblem(name: string): string | undefined {
  if (PROJECT_NAME_PATTERN.test(name)) return undefined;
  return `${JSON.stringify(name)} is not a valid project name: use 1 to 63 lower-case letters, digits, '_' and '-', starting with a letter or digit`;
}
