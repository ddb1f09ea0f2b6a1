import { describe, expect, it } from 'vitest';
import { HttpBodyNotJsonError, HttpRequestError, httpClient, InvalidOptionError } from '../../../src/index.js';
import { exampleDb, exampleWeb } from '../../support/example-app.js';
import { useFileHelper } from '../../support/helper.js';

const file = useFileHelper();

describe('HTTP client bound to a container port', () => {
  it('resolves paths against the base URL and reads status, headers and JSON', async () => {
    await exampleDb.setup(file.helper);
    const web = await exampleWeb.setup(file.helper);
    const http = httpClient(web, 8000);
    expect(http.baseUrl).toBe(web.baseUrl(8000));
    const health = await http.get('/health');
    expect(health.status).toBe(200);
    expect(health.headers['x-app']).toBe('example-web');
    expect(health.json()).toEqual({ status: 'ok', db: 'up' });
    const first = (await http.get('/visits')).json<{ visits: number }>().visits;
    const second = (await http.get('/visits')).json<{ visits: number }>().visits;
    expect(second).toBe(first + 1);
  });

  it('says clearly when a body is not JSON, and rejects relative paths', async () => {
    const web = await exampleWeb.setup(file.helper);
    const http = httpClient(web, 8000);
    const home = await http.get('/');
    expect(home.text).toBe('hello from web\n');
    expect(() => home.json()).toThrow(HttpBodyNotJsonError);
    await expect(http.get('health')).rejects.toBeInstanceOf(InvalidOptionError);
  });

  it('is closed when its container is torn down', async () => {
    const web = await exampleWeb.setup(file.helper);
    const http = httpClient(web, 8000);
    expect((await http.get('/')).status).toBe(200);
    await web.teardown();
    const error = await http.get('/').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect((error as Error).message).toMatch(/closed|destroyed/i);
  });
});
