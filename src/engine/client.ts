import { Camunda8 } from '@camunda8/sdk';
import type { Config } from '../config.js';

type GrpcClient = ReturnType<Camunda8['getZeebeGrpcApiClient']>;

export interface DeployResource { name: string; content: Buffer }

/** Thin adapter over the Camunda 8 client: the only module that talks to the engine. */
export class Engine {
  readonly grpc: GrpcClient;
  /** A second client without retries, so a health probe during an outage fails fast instead of piling up retries. */
  private readonly probe: GrpcClient;
  private readonly restAddress: string;

  constructor(cfg: Pick<Config, 'ZEEBE_GRPC_ADDRESS' | 'ZEEBE_REST_ADDRESS' | 'CAMUNDA_AUTH_STRATEGY'> & Partial<Pick<Config, 'CAMUNDA_OAUTH_URL' | 'ZEEBE_CLIENT_ID' | 'ZEEBE_CLIENT_SECRET' | 'WORKER_POLL_INTERVAL_MS'>>) {
    this.restAddress = cfg.ZEEBE_REST_ADDRESS.replace(/\/$/, '');
    const settings = {
      ZEEBE_GRPC_ADDRESS: cfg.ZEEBE_GRPC_ADDRESS,
      ZEEBE_REST_ADDRESS: cfg.ZEEBE_REST_ADDRESS,
      CAMUNDA_AUTH_STRATEGY: cfg.CAMUNDA_AUTH_STRATEGY,
      ...(cfg.CAMUNDA_OAUTH_URL ? { CAMUNDA_OAUTH_URL: cfg.CAMUNDA_OAUTH_URL } : {}),
      ...(cfg.ZEEBE_CLIENT_ID ? { ZEEBE_CLIENT_ID: cfg.ZEEBE_CLIENT_ID } : {}),
      ...(cfg.ZEEBE_CLIENT_SECRET ? { ZEEBE_CLIENT_SECRET: cfg.ZEEBE_CLIENT_SECRET } : {}),
      CAMUNDA_LOG_LEVEL: 'error',
      ZEEBE_CLIENT_LOG_LEVEL: 'NONE',
    };
    const c8 = new Camunda8(settings as ConstructorParameters<typeof Camunda8>[0]);
    this.grpc = c8.getZeebeGrpcApiClient({
      ...settings,
      zeebeGrpcSettings: {
        ZEEBE_GRPC_CLIENT_RETRY: true,
        ZEEBE_GRPC_CLIENT_MAX_RETRIES: 50,
        ZEEBE_GRPC_CLIENT_MAX_RETRY_TIMEOUT_SECONDS: 5,
        // Pause after a batch before the next poll (config WORKER_POLL_INTERVAL_MS).
        ZEEBE_GRPC_WORKER_POLL_INTERVAL_MS: cfg.WORKER_POLL_INTERVAL_MS ?? 300,
      },
    } as never);
    this.probe = c8.getZeebeGrpcApiClient({ ...settings, zeebeGrpcSettings: { ZEEBE_GRPC_CLIENT_RETRY: false } } as never);
  }

  /** Cluster topology (brokers, partitions, health); fails fast when the engine is unreachable. */
  topology() {
    return this.probe.topology();
  }

  /** Deploys BPMN, DMN and form resources in one deployment. */
  deploy(resources: DeployResource[]) {
    return this.grpc.deployResources(resources.map((r) => ({ name: r.name, process: r.content }) as never));
  }

  /** Starts the latest version of a process. */
  async startProcess(bpmnProcessId: string, variables: Record<string, unknown>): Promise<{ processInstanceKey: string; version: number }> {
    const res = await this.grpc.createProcessInstance({ bpmnProcessId, variables: variables as never });
    return { processInstanceKey: String(res.processInstanceKey), version: Number(res.version) };
  }

  /** Publishes a message, correlated by a business id. `messageId` makes a republish a no-op while the message is buffered. */
  async publishMessage(msg: { name: string; correlationKey: string; variables?: Record<string, unknown>; messageId?: string; timeToLiveMs?: number }): Promise<void> {
    try {
      await this.publishOnce(msg);
    } catch (err) {
      // The same messageId is still buffered: the first publish already did it (idempotent by design).
      if (msg.messageId && isAlreadyExists(err)) return;
      throw err;
    }
  }

  private async publishOnce(msg: { name: string; correlationKey: string; variables?: Record<string, unknown>; messageId?: string; timeToLiveMs?: number }): Promise<void> {
    await this.grpc.publishMessage({
      name: msg.name,
      correlationKey: msg.correlationKey,
      variables: (msg.variables ?? {}) as never,
      ...(msg.messageId ? { messageId: msg.messageId } : {}),
      timeToLive: msg.timeToLiveMs ?? 0,
    });
  }

  /** Cancels a process instance. */
  cancelProcessInstance(processInstanceKey: string) {
    return this.grpc.cancelProcessInstance(processInstanceKey);
  }

  /** Completes a job (used for job-based user tasks) with the given variables. */
  completeJob(jobKey: string, variables: Record<string, unknown>) {
    return this.grpc.completeJob({ jobKey, variables: variables as never });
  }

  /** Sets a job's timeout; rejects with NOT_FOUND when the job no longer exists. */
  updateJobTimeout(jobKey: string, timeoutMs: number) {
    return this.grpc.updateJobTimeout({ jobKey, timeout: timeoutMs });
  }

  /** The engine's REST base URL (v2 API). */
  get restUrl(): string {
    return this.restAddress;
  }

  /** Closes the gRPC connection and all workers. */
  async close() {
    await Promise.all([this.grpc.close(5000), this.probe.close(1000)]);
  }
}

/** True when the gRPC error says the job/instance no longer exists. */
export function isNotFound(err: unknown): boolean {
  const e = err as { code?: number; message?: string };
  return e?.code === 5 || /NOT_FOUND/.test(String(e?.message ?? ''));
}

/** True when the gRPC error says the entity (e.g. a buffered message with this id) already exists. */
export function isAlreadyExists(err: unknown): boolean {
  const e = err as { code?: number; message?: string };
  return e?.code === 6 || /ALREADY_EXISTS/.test(String(e?.message ?? ''));
}
