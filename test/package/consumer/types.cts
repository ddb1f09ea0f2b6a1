// Type-checked against dist/index.d.cts (the "require" condition).
import seaworthy = require('seaworthy');

export const definition = new seaworthy.ContainerDefinition('typed', {
  image: 'x',
  wait: seaworthy.waitFor.logLine(/x/),
});
export function code(error: seaworthy.SeaworthyError): string {
  return error.code;
}
