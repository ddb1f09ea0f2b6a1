import { describe, expect, it } from 'vitest';
import {
  isSecretName,
  REDACTED,
  redact,
  redactedJson,
  redactText,
  redactUrlCredentials,
} from '../../../src/debug/redact.js';

describe('isSecretName', () => {
  it.each([
    'POSTGRES_PASSWORD',
    'db_password',
    'RABBITMQ_DEFAULT_PASS',
    'PASSPHRASE',
    'MYSQL_PWD',
    'CLIENT_SECRET',
    'GITHUB_TOKEN',
    'api_key',
    'AWS_SECRET_ACCESS_KEY',
    'GOOGLE_APPLICATION_CREDENTIALS',
    'Authorization',
  ])('%s looks secret', (name) => {
    expect(isSecretName(name)).toBe(true);
  });

  it.each(['POSTGRES_USER', 'PATH', 'START_DELAY', 'HOSTNAME', 'Image', 'Cmd'])('%s does not', (name) => {
    expect(isSecretName(name)).toBe(false);
  });
});

describe('redactUrlCredentials', () => {
  it('masks the password and keeps the user, host and path', () => {
    expect(redactUrlCredentials('postgres://app:s3cret@db:5432/app?sslmode=off')).toBe(
      `postgres://app:${REDACTED}@db:5432/app?sslmode=off`,
    );
  });

  it('masks a password that contains @ and every URL in a text', () => {
    expect(redactUrlCredentials('from amqp://u:p@ss@mq:5672/ to redis://:pw@cache:6379')).toBe(
      `from amqp://u:${REDACTED}@mq:5672/ to redis://:${REDACTED}@cache:6379`,
    );
  });

  it('leaves URLs without a password alone', () => {
    expect(redactUrlCredentials('http://example.test/a?b=c and http://user@host/')).toBe(
      'http://example.test/a?b=c and http://user@host/',
    );
  });
});

describe('redactText', () => {
  it('masks a whole env entry with a secret name, blanks included', () => {
    expect(redactText('DB_PASSWORD=two words')).toBe(`DB_PASSWORD=${REDACTED}`);
    // A string that starts like one is masked to its end, even if it was a command line.
    expect(redactText('API_TOKEN=abc ./run --verbose')).toBe(`API_TOKEN=${REDACTED}`);
    expect(redactText('POSTGRES_PASSWORD=')).toBe(`POSTGRES_PASSWORD=${REDACTED}`);
  });

  it('keeps env entries with other names, masking URL credentials in them', () => {
    expect(redactText('START_DELAY=1')).toBe('START_DELAY=1');
    expect(redactText('DATABASE_URL=postgres://app:pw@db/app')).toBe(`DATABASE_URL=postgres://app:${REDACTED}@db/app`);
  });

  it('masks NAME=value pairs inside commands and query strings', () => {
    expect(redactText('env API_TOKEN=abc ./run --db-password=xyz --user=bob')).toBe(
      `env API_TOKEN=${REDACTED} ./run --db-password=${REDACTED} --user=bob`,
    );
    expect(redactText('all=1&token=abc&limit=5')).toBe(`all=1&token=${REDACTED}&limit=5`);
    expect(redactText('export SECRET="a b" && go')).toBe(`export SECRET=${REDACTED} && go`);
  });

  it('masks JSON members with a secret name', () => {
    expect(redactText('{"user":"bob","password":"hunter2","apiKey":"k"}')).toBe(
      `{"user":"bob","password":"${REDACTED}","apiKey":"${REDACTED}"}`,
    );
  });

  it('masks SQL passwords', () => {
    expect(redactText("CREATE USER app WITH PASSWORD 'it''s secret' LOGIN")).toBe(
      `CREATE USER app WITH PASSWORD '${REDACTED}' LOGIN`,
    );
  });

  it('leaves ordinary text alone', () => {
    const text = 'password authentication failed for user "app"; key=value pairs are fine: mode=fast';
    expect(redactText(text)).toBe(text.replace('key=value', `key=${REDACTED}`));
  });
});

describe('redact', () => {
  it('walks env arrays, commands and nested objects', () => {
    const body = {
      Image: 'postgres:16',
      Env: ['POSTGRES_USER=app', 'POSTGRES_PASSWORD=pw1', 'URL=mysql://root:pw2@db/x'],
      Cmd: ['sh', '-c', 'env MYSQL_PWD=x mysql --password=pw3'],
      HostConfig: { Auth: { password: 'pw4', username: 'u' }, Memory: 0 },
      Labels: { 'com.example.token': 'pw5', 'com.example.team': 'core' },
    };
    const shown = JSON.stringify(redact(body));
    for (const secret of ['pw1', 'pw2', 'pw3', 'pw4', 'pw5']) expect(shown).not.toContain(secret);
    expect(redact(body)).toEqual({
      Image: 'postgres:16',
      Env: ['POSTGRES_USER=app', `POSTGRES_PASSWORD=${REDACTED}`, `URL=mysql://root:${REDACTED}@db/x`],
      Cmd: ['sh', '-c', `env MYSQL_PWD=${REDACTED} mysql --password=${REDACTED}`],
      HostConfig: { Auth: { password: REDACTED, username: 'u' }, Memory: 0 },
      Labels: { 'com.example.token': REDACTED, 'com.example.team': 'core' },
    });
  });

  it('does not change its input', () => {
    const env = ['A_SECRET=x'];
    redact({ env });
    expect(env).toEqual(['A_SECRET=x']);
  });

  it('summarises buffers and class instances instead of printing them', () => {
    expect(redact({ data: Buffer.from('secret bytes'), when: new Date(0) })).toEqual({
      data: '<12 bytes>',
      when: '[Date]',
    });
  });

  it('stops at a depth limit', () => {
    expect(redact({ a: { b: { c: 1 } } }, 2)).toEqual({ a: { b: '[…]' } });
  });

  it('cuts long JSON for one log line', () => {
    const text = redactedJson({ list: 'x'.repeat(1000) }, 50);
    expect(text).toHaveLength(51);
    expect(text.endsWith('…')).toBe(true);
  });
});
