// biome-ignore-all lint/suspicious/noTemplateCurlyInString: ${VAR} in plain strings is the compose syntax under test
import { describe, expect, it } from 'vitest';
import { InterpolationProblem, interpolateString } from '../../../src/compose/load/interpolate.js';

const vars: Record<string, string> = { HOST: 'db', EMPTY: '', PORT: '5432', B: 'from-b' };
const lookup = (name: string) => vars[name];
const run = (text: string) => interpolateString(text, lookup);

describe('interpolateString', () => {
  it('replaces $VAR and ${VAR}, and an unset variable with nothing', () => {
    expect(run('postgres://$HOST:${PORT}/app')).toBe('postgres://db:5432/app');
    expect(run('x${UNSET}y$UNSET')).toBe('xy');
  });

  it('reads a $ name up to the first character that is not a letter, digit or underscore', () => {
    expect(run('$HOST.local')).toBe('db.local');
    expect(run('$HOST_suffix')).toBe('');
  });

  it('turns $$ into a literal $ and does not expand what follows', () => {
    expect(run('price: $$5, $${HOST}')).toBe('price: $5, ${HOST}');
  });

  it(':- uses the default when unset or empty, - only when unset', () => {
    expect(run('${UNSET:-dflt} ${EMPTY:-dflt} ${HOST:-dflt}')).toBe('dflt dflt db');
    expect(run('${UNSET-dflt}|${EMPTY-dflt}|${HOST-dflt}')).toBe('dflt||db');
  });

  it(':+ and + give the alternative when set (and non-empty for :+)', () => {
    expect(run('[${HOST:+on}][${EMPTY:+on}][${UNSET:+on}]')).toBe('[on][][]');
    expect(run('[${HOST+on}][${EMPTY+on}][${UNSET+on}]')).toBe('[on][on][]');
  });

  it('interpolates nested defaults, only when they are used', () => {
    expect(run('${UNSET:-${B}}')).toBe('from-b');
    expect(run('${UNSET:-${ALSO_UNSET:-deep}}')).toBe('deep');
    expect(run('${HOST:-${NEEDED:?never evaluated}}')).toBe('db');
  });

  it(':? fails when unset or empty, ? only when unset, with the message', () => {
    expect(() => run('${UNSET:?give me a value}')).toThrow('required variable UNSET is not set: give me a value');
    expect(() => run('${EMPTY:?needed}')).toThrow('required variable EMPTY is empty: needed');
    expect(run('${EMPTY?needed}')).toBe('');
    expect(() => run('${UNSET?}')).toThrow(InterpolationProblem);
  });

  it('names the variable in the problem', () => {
    try {
      run('${DB_URL:?missing}');
      expect.unreachable();
    } catch (error) {
      expect((error as InterpolationProblem).variable).toBe('DB_URL');
    }
  });

  it.each([
    ['${', 'is never closed'],
    ['${HOST', 'is never closed'],
    ['${}', 'expected a variable name'],
    ['${1X}', 'expected a variable name'],
    ['${HOST:x}', 'expected }, :-, -, :?, ?, :+ or +'],
    ['${HOST x}', 'expected }, :-, -, :?, ?, :+ or +'],
    ['cost $ 5', 'a lone "$"'],
    ['trailing $', 'a lone "$"'],
  ])('rejects the malformed expression %j', (text, problem) => {
    expect(() => run(text)).toThrow(problem);
  });

  it('leaves text with no $ as it is', () => {
    expect(run('plain {text}')).toBe('plain {text}');
  });
});

describe('unset variables in the plain forms', () => {
  it('are reported to the lookup as plain, the forms with a default or a check are not', () => {
    const plain: string[] = [];
    const watching = (name: string, isPlain?: boolean) => {
      if (isPlain && vars[name] === undefined) plain.push(name);
      return vars[name];
    };
    interpolateString('$A ${B} ${C:-x} ${D-x} ${E:+x} ${HOST}', watching);
    expect(plain).toEqual(['A']);
  });
});
