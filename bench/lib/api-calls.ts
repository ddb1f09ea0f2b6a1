import http from 'node:http';

/**
 * Counts Engine API requests by wrapping node:http's request, which dockerode
 * (seaworthy's engine client and testcontainers') use for the socket.
 * `begin()` starts a fresh list; `end()` returns it.
 */
export class ApiCallCounter {
  private calls: string[] = [];
  private readonly original = http.request;

  install(): void {
    const original = this.original;
    const calls = () => this.calls;
    (http as { request: typeof http.request }).request = ((...params: Parameters<typeof http.request>) => {
      const options = params[0] as http.RequestOptions;
      if (options && typeof options === 'object' && options.socketPath && options.path) {
        const path = String(options.path).split('?')[0] ?? '';
        calls().push(`${options.method ?? 'GET'} ${path.replace(/[0-9a-f]{64}/, ':id').replace(/^\/v[0-9.]+/, '')}`);
      }
      return original(...params);
    }) as typeof http.request;
  }

  begin(): void {
    this.calls = [];
  }

  end(): string[] {
    return [...this.calls];
  }
}
