/** The error `run` throws; fails the test when it throws none. */
export function catchError(run: () => unknown): Error & Record<string, unknown> {
  try {
    run();
  } catch (error) {
    return error as Error & Record<string, unknown>;
  }
  throw new Error('expected an error, got none');
}
