// TypeDoc plugin: name each entry point's module by its import path ('seaworthy', 'seaworthy/vitest', …)
// instead of its file name ('index', 'vitest', …), so the API reference reads like the package's "exports".
import { Converter, ReflectionKind } from 'typedoc';

/** @param {import('typedoc').Application} app */
export function load(app) {
  app.converter.on(Converter.EVENT_CREATE_DECLARATION, (_context, reflection) => {
    if (!reflection.kindOf(ReflectionKind.Module)) return;
    reflection.name = reflection.name === 'index' ? 'seaworthy' : `seaworthy/${reflection.name}`;
  });
}
