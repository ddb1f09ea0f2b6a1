import { describe, expect, it } from 'vitest';
import { topicNameProblem } from '../../../src/containers/kafka/kafka-topic-name.js';

describe('topicNameProblem', () => {
  it('accepts what Kafka accepts', () => {
    for (const name of ['orders', 'a.b_c-D9', 'x'.repeat(249), '...', '_'])
      expect(topicNameProblem(name)).toBeUndefined();
  });

  it('says what is wrong with names Kafka refuses', () => {
    expect(topicNameProblem('')).toBe('is empty');
    expect(topicNameProblem('.')).toBe(`can't be "."`);
    expect(topicNameProblem('..')).toBe(`can't be ".."`);
    expect(topicNameProblem('x'.repeat(250))).toMatch(/250 characters long; Kafka allows at most 249/);
    expect(topicNameProblem('bad topic!!')).toMatch(/^contains " ", "!"; use only/);
    expect(topicNameProblem('café')).toMatch(/contains "é"/);
  });
});
