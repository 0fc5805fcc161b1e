import { readFileSync } from 'node:fs';
import { runInNewContext } from 'node:vm';
import { fromRoot } from './support/workspace';

type Command = Record<string, unknown>;
interface CatalogSharding {
  planCatalogSharding(hello: Record<string, unknown>, dbName: string, collection: string): { shard: true; commands: Command[] } | { shard: false };
}

const script = readFileSync(fromRoot('deploy/mongo/init-cluster.js'), 'utf8');

/**
 * A recording stand-in for mongosh's `connect()`: replica sets start uninitiated and elect a
 * primary once initiated; the router knows the shards added so far. `freshCluster: false`
 * answers as a cluster that a previous run already set up.
 */
function fakeCluster({ freshCluster, unreachableFor = 0 }: { freshCluster: boolean; unreachableFor?: number }) {
  const issued: Array<{ host: string; command: Command }> = [];
  const connections = { opened: [] as string[], closed: [] as string[] };
  const initiated = new Set<string>();
  const shards = new Set<string>(freshCluster ? [] : ['rs1', 'rs2']);
  // Each host answers its first `unreachableFor` commands with a network error, like a container still starting.
  const failuresLeft = new Map<string, number>();
  const connect = (uri: string) => {
    const host = /^mongodb:\/\/([^/]+)\//.exec(uri)?.[1] ?? uri;
    connections.opened.push(host);
    return {
      getMongo: () => ({ close: () => connections.closed.push(host) }),
      runCommand(command: Command) {
        issued.push({ host, command });
        const left = failuresLeft.get(host) ?? unreachableFor;
        if (left > 0) {
          failuresLeft.set(host, left - 1);
          throw Object.assign(new Error(`connect ECONNREFUSED ${host}`), { code: 6, codeName: 'HostUnreachable' });
        }
        const [name] = Object.keys(command);
        if (name === 'replSetGetStatus') return initiated.has(host) || !freshCluster ? { ok: 1 } : { ok: 0, code: 94, codeName: 'NotYetInitialized' };
        if (name === 'replSetInitiate') return initiated.add(host), { ok: 1 };
        if (name === 'hello') return { ok: 1, isWritablePrimary: true };
        if (name === 'listShards') return { ok: 1, shards: [...shards].map((_id) => ({ _id })) };
        if (name === 'addShard') return shards.add(String(command.name)), { ok: 1 };
        // Older servers answer AlreadyInitialized on a second run; it must count as done.
        if (!freshCluster) return { ok: 0, code: 23, codeName: 'AlreadyInitialized', errmsg: 'already sharded' };
        return { ok: 1 };
      },
    };
  };
  return { issued, connections, context: { connect, sleep: () => undefined, print: () => undefined } };
}

const shardingCommands = (issued: Array<{ host: string; command: Command }>) =>
  issued.filter(({ host, command }) => host === 'mongos:27017' && ('enableSharding' in command || 'shardCollection' in command)).map(({ command }) => command);

describe('deploy/mongo/init-cluster.js', () => {
  it('issues the same sharding commands as the catalog service’s own start-up, on the router', async () => {
    // Read as data, like the services' env schemas: the catalog's data-access lib is not the deploy checks' dependency.
    const { planCatalogSharding } = (await import(fromRoot('libs/catalog/data-access/src/catalog-sharding.ts'))) as CatalogSharding;
    const plan = planCatalogSharding({ msg: 'isdbgrid' }, 'catalog', 'products');
    if (!plan.shard) throw new Error('the catalog plans no sharding on a mongos');

    const { issued, context } = fakeCluster({ freshCluster: true });
    runInNewContext(script, context);
    expect(shardingCommands(issued)).toEqual(plan.commands);
  });

  it('initiates each replica set by service name, never localhost, then adds both shards', () => {
    const { issued, context } = fakeCluster({ freshCluster: true });
    runInNewContext(script, context);
    const initiations = issued.filter(({ command }) => 'replSetInitiate' in command).map(({ command }) => command.replSetInitiate);
    expect(initiations).toEqual([
      { _id: 'cfgrs', configsvr: true, members: [{ _id: 0, host: 'mongo-config:27019' }] },
      { _id: 'rs1', configsvr: false, members: [{ _id: 0, host: 'mongo-shard1:27018' }] },
      { _id: 'rs2', configsvr: false, members: [{ _id: 0, host: 'mongo-shard2:27018' }] },
    ]);
    expect(JSON.stringify(issued)).not.toMatch(/localhost|127\.0\.0\.1/);
    expect(issued.filter(({ command }) => 'addShard' in command).map(({ command }) => command.addShard)).toEqual(['rs1/mongo-shard1:27018', 'rs2/mongo-shard2:27018']);
  });

  it('is safe to run again: nothing is initiated or added twice, and "already done" answers pass', () => {
    const { issued, context } = fakeCluster({ freshCluster: false });
    expect(() => runInNewContext(script, context)).not.toThrow();
    expect(issued.filter(({ command }) => 'replSetInitiate' in command || 'addShard' in command)).toEqual([]);
    expect(shardingCommands(issued)).toHaveLength(2);
  });

  it('stops with the reason when a sharding command fails for another reason', () => {
    const { context } = fakeCluster({ freshCluster: true });
    const failing = {
      ...context,
      connect: (uri: string) => {
        const db = context.connect(uri);
        return { ...db, runCommand: (command: Command) => ('shardCollection' in command ? { ok: 0, code: 20, errmsg: 'sharded with a different key' } : db.runCommand(command)) };
      },
    };
    expect(() => runInNewContext(script, failing)).toThrow('sharded with a different key');
  });

  it('opens one connection per host however long it waits, and closes every one, also when it fails', () => {
    const { connections, context } = fakeCluster({ freshCluster: true, unreachableFor: 20 });
    runInNewContext(script, context);
    expect([...connections.opened].sort()).toEqual(['mongo-config:27019', 'mongo-shard1:27018', 'mongo-shard2:27018', 'mongos:27017']);
    expect([...connections.closed].sort()).toEqual([...connections.opened].sort());

    const failing = fakeCluster({ freshCluster: true });
    const connect = (uri: string) => ({ ...failing.context.connect(uri), runCommand: () => ({ ok: 0, code: 8000, errmsg: 'unauthorized' }) });
    expect(() => runInNewContext(script, { ...failing.context, connect })).toThrow('gave up waiting');
    expect(failing.connections.closed).toEqual(failing.connections.opened);
  });
});
