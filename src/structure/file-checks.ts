import { errorMessage } from '../errors/index.js';
import type { FileContentTestConfig, FileExistenceTestConfig } from './config-types.js';
import { goFileMode } from './file-mode.js';
import { regexCheck } from './go-regex.js';
import type { ImageProbe } from './image-probe.js';
import { checkResult, type StructureCheckResult } from './report.js';

const EXEC_BITS: Record<string, number> = { any: 0o111, owner: 0o100, group: 0o010, other: 0o001 };

function result(
  source: string,
  kind: 'fileExistence' | 'fileContent',
  name: string,
  errors: string[],
): StructureCheckResult {
  return checkResult(name, kind, source, errors);
}

/** The Go tool's checks of a file test's fields (a name and a path). */
function fileTestProblems(test: { readonly name: string; readonly path: string }): string[] {
  const problems: string[] = [];
  if (!test.name) problems.push('Please provide a valid name for every test');
  if (!test.path) problems.push(`Please provide a valid file path for test ${test.name}`);
  return problems;
}

/** A file existence test, on the image's files read through the archive endpoint. `expand` applies `$VAR`s to the path. */
export async function runFileExistenceTest(
  probe: ImageProbe,
  source: string,
  test: FileExistenceTestConfig,
  expand: (text: string) => string,
): Promise<StructureCheckResult> {
  const problems = fileTestProblems(test);
  if (problems.length > 0) return { ...result(source, 'fileExistence', test.name, problems), pass: false };
  const name = `File Existence Test: ${test.name}`;
  const errors: string[] = [];
  const entry = await probe.stat(expand(test.path));
  if (!entry) {
    if (test.shouldExist) {
      errors.push(`Error examining file in container: File ${test.path} not found in image`);
    }
    return result(source, 'fileExistence', name, errors);
  }
  if (!test.shouldExist) {
    errors.push(`File ${test.path} should not exist but does`);
    return result(source, 'fileExistence', name, errors);
  }
  const mode = goFileMode(entry.type, entry.mode);
  if (test.permissions && mode !== test.permissions) {
    errors.push(`${test.path} has incorrect permissions. Expected: ${test.permissions}, Actual: ${mode}`);
  }
  if (test.isExecutableBy) {
    const bits = EXEC_BITS[test.isExecutableBy];
    if (bits === undefined) errors.push(`${test.isExecutableBy} not recognised as a valid option`);
    else if ((entry.mode & bits) === 0) {
      errors.push(
        `${test.path} has incorrect executable bit. Expected to be executable by ${test.isExecutableBy}, Actual: ${mode}`,
      );
    }
  }
  if (test.uid !== -1 && entry.uid !== test.uid) {
    errors.push(`${test.path} has incorrect user ownership. Expected: ${test.uid}, Actual: ${entry.uid}`);
  }
  if (test.gid !== -1 && entry.gid !== test.gid) {
    errors.push(`${test.path} has incorrect group ownership. Expected: ${test.gid}, Actual: ${entry.gid}`);
  }
  return result(source, 'fileExistence', name, errors);
}

/** A file content test: the file (symlinks followed) against its patterns. */
export async function runFileContentTest(
  probe: ImageProbe,
  source: string,
  test: FileContentTestConfig,
): Promise<StructureCheckResult> {
  const problems = fileTestProblems(test);
  if (problems.length > 0) return { ...result(source, 'fileContent', test.name, problems), pass: false };
  const name = `File Content Test: ${test.name}`;
  let contents: string;
  try {
    contents = (await probe.readFile(test.path)).toString('utf8');
  } catch (error) {
    return result(source, 'fileContent', name, [`Failed to open ${test.path}. Error: ${errorMessage(error)}`]);
  }
  const errors: string[] = [];
  const invalid = (message: string) => errors.push(message);
  for (const p of test.expectedContents) {
    if (!regexCheck(p, contents, true, invalid)) {
      errors.push(`Expected string '${p}' not found in file content string '${contents}'`);
    }
  }
  for (const p of test.excludedContents) {
    if (!regexCheck(p, contents, false, invalid)) {
      errors.push(`Excluded string '${p}' found in file content string '${contents}'`);
    }
  }
  return result(source, 'fileContent', name, errors);
}
