// Type-checked against dist/index.d.ts (the "import" condition).
import { type Container, ContainerDefinition, type ContainerInfo, waitFor } from 'seaworthy';

const definition = new ContainerDefinition('typed', { image: 'x', ports: [80], wait: waitFor.port(80) });
export async function port(container: Container): Promise<number> {
  const info: ContainerInfo = await container.inspect();
  return info.state.running ? container.hostPort(80) : -1;
}
export { definition };
