/**
 * The slices of Engine API JSON that seaworthy reads, as the engine sends them
 * (PascalCase). Internal: the public API converts these to its own types.
 */

export interface RawPortBinding {
  HostIp?: string;
  HostPort?: string;
}

export interface RawContainerInspect {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  State: {
    Status: string;
    Running: boolean;
    Paused: boolean;
    Restarting: boolean;
    OOMKilled: boolean;
    Dead: boolean;
    Pid: number;
    ExitCode: number;
    Error: string;
    StartedAt: string;
    FinishedAt: string;
    Health?: { Status: string; FailingStreak: number; Log?: { ExitCode: number; Output: string }[] };
  };
  Config: {
    Image: string;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    User?: string;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
    ExposedPorts?: Record<string, object> | null;
    Tty?: boolean;
    Hostname?: string;
  };
  NetworkSettings: {
    Ports?: Record<string, RawPortBinding[] | null> | null;
    Networks?: Record<string, { Aliases?: string[] | null; IPAddress?: string; NetworkID?: string }> | null;
  };
  Mounts?: { Type: string; Name?: string; Source: string; Destination: string; RW: boolean }[];
}

export interface RawEvent {
  Type?: string;
  Action?: string;
  status?: string;
  id?: string;
  time?: number;
  timeNano?: number;
  Actor?: { ID?: string; Attributes?: Record<string, string> };
}

export interface RawImageInspect {
  Id: string;
  RepoTags?: string[] | null;
  /** The same fields as a container's config, as the image sets them. */
  Config?: Partial<
    Pick<
      RawContainerInspect['Config'],
      'Env' | 'Cmd' | 'Entrypoint' | 'User' | 'WorkingDir' | 'Labels' | 'ExposedPorts'
    > & {
      /** Volumes the image declares (`VOLUME`), as keys. */
      Volumes?: Record<string, object> | null;
    }
  > | null;
}
