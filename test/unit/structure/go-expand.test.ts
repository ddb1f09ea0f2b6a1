// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${NAME} in plain strings is what is expanded
import { describe, expect, it } from 'vitest';
import { expandWith, goExpand } from '../../../src/structure/go-expand.js';

describe("goExpand (Go's os.Expand)", () => {
  const expand = expandWith({ HOME: '/root', PATH: '/usr/bin', A_1: 'x', '1': 'one' });

  it('replaces $NAME and ${NAME}; an unknown name is empty', () => {
    expect(expand('$HOME/bin:${PATH}')).toBe('/root/bin:/usr/bin');
    expect(expand('$A_1-$A_1b-${A_1}b')).toBe('x--xb');
    expect(expand('[$NOPE]')).toBe('[]');
  });

  it('keeps a lone or trailing $, eats bad ${ syntax, reads one-character special names', () => {
    expect(expand('cost: 5$')).toBe('cost: 5$');
    expect(expand('a $ b')).toBe('a $ b');
    expect(expand('a${}b')).toBe('ab');
    expect(expand('a${b')).toBe('ab');
    expect(expand('$12')).toBe('one2');
    expect(goExpand('$$', (name) => `<${name}>`)).toBe('<$>');
  });
});
