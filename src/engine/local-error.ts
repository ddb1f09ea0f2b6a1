/**
 * An error that is `instanceof Error` in this module's realm. Inside Jest's
 * sandbox, errors Node itself raises (a socket's ECONNRESET, say) come from
 * the outer realm and fail that test; p-retry then stops with "Non-error was
 * thrown" instead of trying again. This wraps such a value, keeping its
 * message, `code` and the original as `cause`; a local Error is returned as is.
 */
export function asLocalError(error: unknown): Error {
  if (error instanceof Error) return error;
  const message =
    typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string'
      ? (error as { message: string }).message
      : String(error);
  const local = new Error(message, { cause: error });
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string') Object.assign(local, { code });
  return local;
}

/** `attempt`, with whatever it rejects with made a local Error (see {@link asLocalError}). */
export function withLocalErrors<T>(attempt: () => Promise<T>): () => Promise<T> {
  return async () => {
    try {
      return await attempt();
    } catch (error) {
      throw asLocalError(error);
    }
  };
}
