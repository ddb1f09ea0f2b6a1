/**
 * The Engine API "create container" body, as seaworthy builds it (our own
 * type, PascalCase as the engine expects). Definitions adjust it through
 * `createRequestPatch()` and `createOverrides`, both deep-merged.
 * Fields beyond these pass through to the engine unchanged.
 */
export interface CreateRequest {
  Image?: string;
  Cmd?: string[];
  Entrypoint?: string[];
  Env?: string[];
  Labels?: Record<string, string>;
  ExposedPorts?: Record<string, Record<string, never>>;
  User?: string;
  WorkingDir?: string;
  Tty?: boolean;
  Hostname?: string;
  StopSignal?: string;
  Healthcheck?: {
    Test?: string[];
    Interval?: number;
    Timeout?: number;
    Retries?: number;
    StartPeriod?: number;
  };
  HostConfig?: {
    PortBindings?: Record<string, { HostIp?: string; HostPort?: string }[]>;
    Mounts?: {
      Type: 'bind' | 'volume' | 'tmpfs';
      Source?: string;
      Target: string;
      ReadOnly?: boolean;
      TmpfsOptions?: { SizeBytes?: number; Mode?: number };
    }[];
    Memory?: number;
    AutoRemove?: boolean;
    Init?: boolean;
    [key: string]: unknown;
  };
  NetworkingConfig?: {
    EndpointsConfig?: Record<string, { Aliases?: string[] }>;
  };
  [key: string]: unknown;
}
