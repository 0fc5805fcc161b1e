// Initialises compose's sharded MongoDB cluster; safe to run again at any point.
//   mongosh --nodb --quiet /deploy/mongo/init-cluster.js
// Every command goes through runCommand, so deploy/src/mongo-init.spec.ts can run this file
// against a recording fake and compare what it issues with the catalog's own sharding plan.

/* global connect, sleep, print */

const cluster = {
  // One-member replica sets keep the demo small; members are service names, never localhost,
  // because every other container (and mongos) reaches them by those names.
  configServer: { id: 'cfgrs', configsvr: true, members: ['mongo-config:27019'] },
  shards: [
    { id: 'rs1', configsvr: false, members: ['mongo-shard1:27018'] },
    { id: 'rs2', configsvr: false, members: ['mongo-shard2:27018'] },
  ],
  router: 'mongos:27017',
};

// The same commands, in the same order, as the catalog service's own start-up sharding
// (planCatalogSharding in libs/catalog/data-access/src/catalog-sharding.ts); why this key:
// deploy/mongo/README.md. The orders collection stays unsharded (see the README).
const shardingCommands = [
  { enableSharding: 'catalog' },
  { shardCollection: 'catalog.products', key: { categoryId: 1, _id: 1 } },
];

const ALREADY_INITIALIZED = 23;
const NOT_YET_INITIALIZED = 94;

/** The reply as a document whether the shell throws on `ok: 0` (mongosh) or returns it. */
function run(db, command) {
  try {
    return db.runCommand(command);
  } catch (error) {
    return { ok: 0, code: error.code, codeName: error.codeName, errmsg: error.message };
  }
}

// One connection per host for the whole run, closed at the end: every connect() is a client with
// its own pools and monitors that mongosh keeps until it exits (a new one per attempt grew the
// shell past its memory limit while it waited for the replica sets).
const connections = new Map();

function admin(host) {
  if (!connections.has(host)) connections.set(host, connect(`mongodb://${host}/admin?directConnection=true&serverSelectionTimeoutMS=2000`));
  return connections.get(host);
}

function closeConnections() {
  for (const db of connections.values()) db.getMongo().close();
  connections.clear();
}

function waitFor(what, attempt, { tries = 120, intervalMs = 1000 } = {}) {
  let last = 'no answer yet';
  for (let i = 0; i < tries; i++) {
    try {
      const outcome = attempt();
      if (outcome === true) return;
      last = outcome || last;
    } catch (error) {
      last = error.message;
    }
    sleep(intervalMs);
  }
  throw new Error(`gave up waiting for ${what}: ${last}`);
}

function initiateReplicaSet({ id, configsvr, members }) {
  waitFor(`${id} to answer`, () => {
    const status = run(admin(members[0]), { replSetGetStatus: 1 });
    if (status.ok === 1) return true;
    if (status.code !== NOT_YET_INITIALIZED) return status.errmsg;
    const config = { _id: id, configsvr, members: members.map((host, i) => ({ _id: i, host })) };
    const initiated = run(admin(members[0]), { replSetInitiate: config });
    if (initiated.ok === 1 || initiated.code === ALREADY_INITIALIZED) {
      print(`${id}: initiated with ${members.join(', ')}`);
      return true;
    }
    return initiated.errmsg;
  });
  waitFor(`${id} to elect a writable primary`, () => run(admin(members[0]), { hello: 1 }).isWritablePrimary === true || 'no primary yet');
}

function connectRouter() {
  waitFor('mongos to reach the config servers', () => run(admin(cluster.router), { listShards: 1 }).ok === 1 || 'not ready');
  return admin(cluster.router);
}

function addShards(router) {
  const known = new Set(run(router, { listShards: 1 }).shards.map((shard) => shard._id));
  for (const { id, members } of cluster.shards) {
    if (known.has(id)) continue;
    const added = run(router, { addShard: `${id}/${members.join(',')}`, name: id });
    if (added.ok !== 1) throw new Error(`addShard ${id} failed: ${added.errmsg}`);
    print(`${id}: added as a shard`);
  }
}

/** ok, or AlreadyInitialized from older servers, both mean done; anything else stops the init. */
function applySharding(router) {
  for (const command of shardingCommands) {
    const reply = run(router, command);
    if (reply.ok !== 1 && reply.code !== ALREADY_INITIALIZED) throw new Error(`${JSON.stringify(command)} failed: ${reply.errmsg}`);
    print(`applied ${JSON.stringify(command)}`);
  }
}

try {
  initiateReplicaSet(cluster.configServer);
  cluster.shards.forEach(initiateReplicaSet);
  const router = connectRouter();
  addShards(router);
  applySharding(router);
  print('sharded cluster ready');
} finally {
  closeConnections();
}
