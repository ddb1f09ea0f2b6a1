import { describe, expect, it } from 'vitest';
import { dockerfileStages, hasStage, instructions } from '../../../../src/resources/images/dockerfile-stages.js';

describe('Dockerfile stages', () => {
  it('names stages from FROM … AS name, case-insensitively, with --platform skipped', () => {
    const text = [
      'FROM --platform=linux/amd64 debian:bookworm-slim AS Build',
      'RUN make',
      'from debian:bookworm-slim as test',
      'FROM scratch',
    ].join('\n');
    expect(dockerfileStages(text)).toEqual([
      { name: 'build', index: 0 },
      { name: 'test', index: 1 },
      { name: undefined, index: 2 },
    ]);
    expect(hasStage(text, 'BUILD')).toBe(true);
    expect(hasStage(text, 'release')).toBe(false);
  });

  it('joins continued lines and drops comments, also inside a continuation', () => {
    const text = ['# a comment', 'FROM debian:bookworm-slim \\', '  # between', '  AS base', 'RUN a \\', '  b'].join(
      '\n',
    );
    expect(instructions(text)).toEqual(['FROM debian:bookworm-slim AS base', 'RUN a b']);
    expect(hasStage(text, 'base')).toBe(true);
  });

  it('honours the escape parser directive', () => {
    const text = ['# escape=`', 'FROM debian:bookworm-slim `', '  AS win', 'RUN dir c:\\'].join('\n');
    expect(hasStage(text, 'win')).toBe(true);
    expect(instructions(text)).toEqual(['FROM debian:bookworm-slim AS win', 'RUN dir c:\\']);
  });

  it('does not take a FROM inside a RUN line, or a commented-out stage, as a stage', () => {
    const text = ['FROM debian:bookworm-slim', 'RUN echo FROM x AS fake', '# FROM y AS hidden'].join('\n');
    expect(hasStage(text, 'fake')).toBe(false);
    expect(hasStage(text, 'hidden')).toBe(false);
  });
});
