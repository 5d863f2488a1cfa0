import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Empty, type JetStreamManager, type NatsConnection } from 'nats';
import { freePort } from './free-port';
import { NATS_SERVER_BIN } from './nats-server';
import { waitFor } from './wait-for';

/** One nats-server of a cluster: its ports, store and process. */
export interface ClusterNode {
  /** `server_name`, which is also what JetStream reports as a leader or replica. */
  readonly name: string;
  readonly port: number;
  readonly clusterPort: number;
  /** The monitoring port (`/healthz`, `/jsz`, `/routez`, `/connz`). */
  readonly httpPort: number;
  readonly url: string;
  readonly storeDir: string;
  readonly configFile: string;
}

export interface NatsClusterOptions {
  /** How long `start` waits for routes and a JetStream meta leader (default 30 s). */
  readyTimeoutMs?: number;
}

interface NodeProcess {
  child: ChildProcess;
  alive: boolean;
  output: string;
  exited: Promise<void>;
}

const OUTPUT_LIMIT = 256 * 1024;
const STOP_GRACE_MS = 5_000;
/** Step-downs tried before giving up on moving a leader (each lands at random). */
const MOVE_ATTEMPTS = 20;

/** A JSON document from a node's monitoring port (undefined on any failure). */
async function monitor<T>(node: ClusterNode, path: string): Promise<T | undefined> {
  try {
    const response = await fetch(`http://127.0.0.1:${node.httpPort}${path}`, {
      signal: AbortSignal.timeout(5_000),
    });
    return (await response.json()) as T;
  } catch {
    return undefined;
  }
}

/** `count` distinct free loopback ports. */
async function freePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}

function configText(node: ClusterNode, clusterName: string, peers: ClusterNode[]): string {
  const routes = peers.map((peer) => `    "nats-route://127.0.0.1:${peer.clusterPort}"`);
  return [
    `server_name: "${node.name}"`,
    `listen: "127.0.0.1:${node.port}"`,
    `http: "127.0.0.1:${node.httpPort}"`,
    'jetstream {',
    `  store_dir: "${node.storeDir}"`,
    '  max_memory_store: 268435456',
    '  max_file_store: 2147483648',
    '}',
    'cluster {',
    `  name: "${clusterName}"`,
    `  listen: "127.0.0.1:${node.clusterPort}"`,
    '  routes: [',
    ...routes,
    '  ]',
    '}',
    '',
  ].join('\n');
}

/**
 * A cluster of `nats-server -js` processes on free loopback ports: each node has its own config
 * file, store directory and `server_name`, with explicit routes to every other node.
 */
export class NatsCluster {
  /** The latest process of each node (kept after it exits, for its output). */
  private readonly processes = new Map<string, NodeProcess>();

  private constructor(
    readonly nodes: readonly ClusterNode[],
    readonly clusterName: string,
    readonly dir: string,
  ) {}

  /** Starts `size` nodes and waits until they are routed and JetStream has a meta leader. */
  static async start(size = 3, options: NatsClusterOptions = {}): Promise<NatsCluster> {
    const dir = mkdtempSync(join(tmpdir(), 'authtrail-nats-cluster-'));
    const ports = await freePorts(size * 3);
    const nodes: ClusterNode[] = Array.from({ length: size }, (_, i) => {
      const [port, clusterPort, httpPort] = ports.slice(i * 3, i * 3 + 3);
      const name = `n${i + 1}`;
      return {
        name,
        port,
        clusterPort,
        httpPort,
        url: `nats://127.0.0.1:${port}`,
        storeDir: join(dir, name, 'store'),
        configFile: join(dir, name, 'nats-server.conf'),
      };
    });
    const clusterName = `authtrail-${randomBytes(4).toString('hex')}`;
    for (const node of nodes) {
      mkdirSync(node.storeDir, { recursive: true });
      writeFileSync(
        node.configFile,
        configText(
          node,
          clusterName,
          nodes.filter((peer) => peer !== node),
        ),
      );
    }
    const cluster = new NatsCluster(nodes, clusterName, dir);
    try {
      const exits = nodes.map((node) => cluster.spawn(node).exited.then(() => node.name));
      // A node that exits while starting (a port taken meanwhile, a bad config) fails at once.
      const died = Promise.race(exits).then((name) => {
        throw new Error(`nats-server ${name} exited while starting: ${cluster.output(name)}`);
      });
      died.catch(() => undefined);
      await Promise.race([cluster.waitUntilReady(options.readyTimeoutMs), died]);
    } catch (error) {
      await cluster.dispose();
      throw error;
    }
    return cluster;
  }

  /** Client URLs of every node, running or not. */
  get urls(): string[] {
    return this.nodes.map((node) => node.url);
  }

  node(name: string): ClusterNode {
    const node = this.nodes.find((n) => n.name === name);
    if (!node) throw new Error(`no node ${name} in cluster ${this.clusterName}`);
    return node;
  }

  isRunning(name: string): boolean {
    return this.processes.get(name)?.alive === true;
  }

  get runningNodes(): ClusterNode[] {
    return this.nodes.filter((node) => this.isRunning(node.name));
  }

  /** What the node's latest process wrote to stdout and stderr. */
  output(name: string): string {
    return this.processes.get(name)?.output ?? '';
  }

  /** The JetStream meta leader as a running node sees it (undefined while electing). */
  async metaLeader(): Promise<string | undefined> {
    for (const node of this.runningNodes) {
      const jsz = await monitor<{ meta_cluster?: { leader?: string } }>(node, '/jsz');
      if (jsz?.meta_cluster?.leader) return jsz.meta_cluster.leader;
    }
    return undefined;
  }

  /** How many messages a node's own replica of `stream` holds (undefined if it has none). */
  async storedMessages(name: string, stream: string): Promise<number | undefined> {
    const jsz = await monitor<{
      account_details?: { stream_detail?: { name: string; state?: { messages: number } }[] }[];
    }>(this.node(name), '/jsz?streams=true');
    const streams = (jsz?.account_details ?? []).flatMap((account) => account.stream_detail ?? []);
    return streams.find((s) => s.name === stream)?.state?.messages;
  }

  /** The node that leads `stream`, as the JetStream API reports it (undefined while electing). */
  async streamLeader(jsm: JetStreamManager, stream: string): Promise<string | undefined> {
    try {
      return (await jsm.streams.info(stream)).cluster?.leader || undefined;
    } catch {
      return undefined;
    }
  }

  /** The node that leads the durable `consumer` of `stream` (undefined while electing). */
  async consumerLeader(
    jsm: JetStreamManager,
    stream: string,
    consumer: string,
  ): Promise<string | undefined> {
    try {
      return (await jsm.consumers.info(stream, consumer)).cluster?.leader || undefined;
    } catch {
      return undefined;
    }
  }

  /** Waits until `stream` has a leader other than `not` (e.g. the node just killed). */
  async waitForStreamLeader(
    jsm: JetStreamManager,
    stream: string,
    not?: string,
    timeoutMs = 30_000,
  ): Promise<string> {
    return waitFor(
      `a leader of stream ${stream}${not ? ` other than ${not}` : ''}`,
      async () => {
        const leader = await this.streamLeader(jsm, stream);
        return leader !== undefined && leader !== not ? leader : undefined;
      },
      timeoutMs,
      100,
    );
  }

  /**
   * Moves the leadership of `stream` to node `to` by asking its leader to step down until the
   * election lands there (nats-server 2.9 picks the next leader at random among the replicas).
   */
  async moveStreamLeader(
    nc: NatsConnection,
    jsm: JetStreamManager,
    stream: string,
    to: string,
  ): Promise<void> {
    await this.moveLeader(
      nc,
      `$JS.API.STREAM.LEADER.STEPDOWN.${stream}`,
      () => this.streamLeader(jsm, stream),
      to,
    );
  }

  /** Moves the leadership of the durable `consumer` of `stream` to node `to`, likewise. */
  async moveConsumerLeader(
    nc: NatsConnection,
    jsm: JetStreamManager,
    stream: string,
    consumer: string,
    to: string,
  ): Promise<void> {
    await this.moveLeader(
      nc,
      `$JS.API.CONSUMER.LEADER.STEPDOWN.${stream}.${consumer}`,
      () => this.consumerLeader(jsm, stream, consumer),
      to,
    );
  }

  /** The node holding the client connection called `connectionName`, if any. */
  async nodeOfConnection(connectionName: string): Promise<string | undefined> {
    for (const node of this.runningNodes) {
      if ((await this.connectionNames(node.name)).includes(connectionName)) return node.name;
    }
    return undefined;
  }

  /** Names of the client connections a node holds (as given in the clients' `name` option). */
  async connectionNames(name: string): Promise<string[]> {
    const connz = await monitor<{ connections?: { name?: string }[] }>(
      this.node(name),
      '/connz?limit=1024',
    );
    return (connz?.connections ?? []).map((c) => c.name ?? '');
  }

  /**
   * Waits until every running node is routed to every other running node, agrees on one
   * JetStream meta leader, and reports itself healthy (`/healthz`: current with the meta
   * leader and with every stream and consumer it holds a replica of).
   */
  async waitUntilReady(timeoutMs = 30_000): Promise<void> {
    let last = '';
    await waitFor(
      `JetStream cluster ${this.clusterName} to be ready`,
      async () => {
        const nodes = this.runningNodes;
        const leaders = new Set<string>();
        for (const node of nodes) {
          const health = await monitor<{ status?: string; error?: string }>(node, '/healthz');
          if (health?.status !== 'ok') {
            last = `${node.name}: ${health?.error ?? 'no answer on /healthz'}`;
            return undefined;
          }
          const routez = await monitor<{ routes?: { remote_id?: string }[] }>(node, '/routez');
          const routed = new Set((routez?.routes ?? []).map((r) => r.remote_id)).size;
          if (routed < nodes.length - 1) {
            last = `${node.name}: ${routed} of ${nodes.length - 1} routes`;
            return undefined;
          }
          const jsz = await monitor<{ meta_cluster?: { leader?: string } }>(node, '/jsz');
          const leader = jsz?.meta_cluster?.leader;
          if (!leader) {
            last = `${node.name}: no meta leader`;
            return undefined;
          }
          leaders.add(leader);
        }
        if (leaders.size !== 1) {
          last = `meta leaders disagree: ${[...leaders].join(', ')}`;
          return undefined;
        }
        return true;
      },
      timeoutMs,
      100,
    ).catch((error: Error) => {
      throw new Error(`${error.message} (${last})`);
    });
  }

  /** Kills a node (SIGKILL by default: no lame duck, no goodbye to its routes) and waits for it. */
  async kill(name: string, signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    const proc = this.processes.get(name);
    if (!proc?.alive) return;
    proc.child.kill(signal);
    if (signal === 'SIGKILL') return proc.exited;
    // A node that does not finish a graceful stop in time is killed.
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      proc.exited,
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
      }),
    ]);
    clearTimeout(timer);
    if (proc.alive) proc.child.kill('SIGKILL');
    await proc.exited;
  }

  /** Starts a stopped node again with its config and store, and waits for its client port. */
  async restart(name: string): Promise<void> {
    if (this.isRunning(name)) throw new Error(`node ${name} is running`);
    const node = this.node(name);
    const proc = this.spawn(node);
    await waitFor(`node ${name} to listen on ${node.port}`, async () => {
      if (!proc.alive) throw new Error(`node ${name} exited: ${proc.output}`);
      return (await monitor<unknown>(node, '/varz')) !== undefined ? true : undefined;
    });
  }

  /** Stops every node and removes the stores and config files. */
  async dispose(): Promise<void> {
    await Promise.all(this.nodes.map((node) => this.kill(node.name, 'SIGTERM')));
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async moveLeader(
    nc: NatsConnection,
    stepDownSubject: string,
    leader: () => Promise<string | undefined>,
    to: string,
  ): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const current = await waitFor(`a leader (${stepDownSubject})`, leader, 30_000, 100);
      if (current === to) return;
      if (attempt > MOVE_ATTEMPTS) {
        throw new Error(`leader still ${current}, not ${to}, after ${MOVE_ATTEMPTS} step-downs`);
      }
      const reply = await nc.request(stepDownSubject, Empty, { timeout: 5_000 }).catch(() => {
        // No answer in time (a busy machine): the next round asks again.
        return undefined;
      });
      if (!reply) continue;
      const body = JSON.parse(new TextDecoder().decode(reply.data)) as {
        success?: boolean;
        error?: { description?: string };
      };
      if (!body.success) {
        throw new Error(`${stepDownSubject}: ${body.error?.description ?? 'refused'}`);
      }
      await waitFor(
        `a leader other than ${current} (${stepDownSubject})`,
        async () => {
          const next = await leader();
          return next !== undefined && next !== current ? true : undefined;
        },
        30_000,
        100,
      );
    }
  }

  private spawn(node: ClusterNode): NodeProcess {
    const child = spawn(NATS_SERVER_BIN, ['-c', node.configFile], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let ended = () => undefined as void;
    const proc: NodeProcess = {
      child,
      alive: true,
      output: '',
      exited: new Promise((resolve) => (ended = resolve)),
    };
    const gone = (why: string) => {
      if (!proc.alive) return;
      proc.alive = false;
      proc.output += why;
      ended();
    };
    child.once('exit', (code, signal) => gone(`\n[exited: ${code ?? signal}]`));
    child.once('error', (error) => gone(`\n[${error.message}]`));
    const collect = (chunk: Buffer) => {
      proc.output = (proc.output + chunk.toString()).slice(-OUTPUT_LIMIT);
    };
    child.stdout?.on('data', collect);
    child.stderr?.on('data', collect);
    this.processes.set(node.name, proc);
    return proc;
  }
}
