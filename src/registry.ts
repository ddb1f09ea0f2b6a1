/**
 * `seaworthy/registry`: a local container registry as a prebuilt definition
 * (docs/registry.md), to test pushes and pulls offline.
 */
export {
  REGISTRY_IMAGE,
  RegistryContainer,
  RegistryDefinition,
  type RegistryLogin,
  type RegistryManifest,
  type RegistryOptions,
} from './containers/registry/registry.js';
