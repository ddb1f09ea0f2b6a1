// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in plain strings is the compose syntax under test
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadCompose } from '../../../src/compose.js';

const folder = mkdtempSync(join(tmpdir(), 'compose-warnings-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('loading warns about unset variables instead of staying silent', () => {
  it('lists each variable written as $VAR or ${VAR} that is unset, once', () => {
    const file = join(folder, 'warn.yml');
    writeFileSync(
      file,
      [
        'services:',
        '  api:',
        '    image: app:${TAG}',
        '    ports: ["${PORT}:80"]',
        '    environment:',
        '      A: $TAG',
        '      B: ${SET}',
        '      C: ${MISSING:-fallback}',
      ].join('\n'),
    );
    const project = loadCompose(file, { env: { SET: 'yes' }, envFile: false });
    expect(project.warnings).toHaveLength(2);
    expect(project.warnings[0]).toMatch(/^variable TAG is not set: an empty string is used in its place/);
    expect(project.warnings[1]).toMatch(/^variable PORT is not set/);
    expect(project.warnings.join('\n')).toContain('${PORT:-default}');
    expect(project.model.services.api?.environment).toEqual({ A: '', B: 'yes', C: 'fallback' });
  });

  it('has none when every variable is set or defaulted', () => {
    const file = join(folder, 'quiet.yml');
    writeFileSync(file, 'services:\n  api:\n    image: app:${TAG:-latest}\n');
    expect(loadCompose(file, { env: {}, envFile: false }).warnings).toEqual([]);
  });
});
