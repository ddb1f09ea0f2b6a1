import { describe, expect, it } from 'vitest';
import { InvalidOptionError } from '../../../../src/errors/index.js';
import { ImageDefinition, type ImageOptions } from '../../../../src/resources/images/image-definition.js';

function problem(name: string, options: unknown): InvalidOptionError {
  try {
    new ImageDefinition(name, options as ImageOptions);
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidOptionError);
    return error as InvalidOptionError;
  }
  throw new Error('expected the definition to be refused');
}

describe('ImageDefinition options', () => {
  const dockerfileContent = 'FROM debian:bookworm-slim AS base\n';

  it('names the option that is wrong', () => {
    expect(problem('web', {}).option).toBe('web.context');
    expect(problem('web', { context: '.', dockerfile: 'D', dockerfileContent }).option).toBe('web.dockerfileContent');
    expect(problem('web', { dockerfileContent, target: 'nope' }).option).toBe('web.target');
    expect(problem('web', { dockerfileContent, args: { A: 1 } }).option).toBe('web.args["A"]');
    expect(problem('web', { dockerfileContent, tags: ['ok:1', 'Bad'] }).option).toBe('web.tags[1]');
    expect(problem('web', { dockerfileContent, platform: 'linux amd64' }).option).toBe('web.platform');
    expect(problem('web', { dockerfileContent, cache: 'yes' }).option).toBe('web.cache');
    expect(problem('web', { dockerfileContent, progress: 'loud' }).option).toBe('web.progress');
    expect(problem('web', { dockerfileContent, progressOutput: {} }).option).toBe('web.progressOutput');
  });

  it('suggests the nearest option for a misspelt one', () => {
    expect(problem('web', { dockerfileContent, buildArgs: {} }).message).toMatch(/unknown option/);
    expect(problem('web', { dockerfileContent, argz: {} }).message).toMatch(/did you mean `args`/);
  });

  it('takes only names that can be part of an image reference', () => {
    expect(problem('Web', { dockerfileContent }).option).toBe('image name');
    expect(problem('web app', { dockerfileContent }).option).toBe('image name');
  });

  it('accepts a target named in any case, and a Dockerfile string without a context', () => {
    expect(new ImageDefinition('web', { dockerfileContent, target: 'BASE' }).name).toBe('web');
  });
});
