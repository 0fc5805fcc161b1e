import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { generateFiles, type Tree, workspaceRoot } from '@nx/devkit';
import { EVENT_NAME, namesOf, SERVICE_NAME } from '../../naming.ts';
import { appendOnce, insertSortedLine } from '../../source-edits.ts';

export interface EventGeneratorOptions {
  name: string;
  producer: string;
  topic?: string;
  key?: string;
  /** `--eventVersion`: Nx's own `--version` flag shadows a `version` option. */
  eventVersion?: number;
}

export const EVENTS_DIR = 'libs/contracts/src/events';

/** Where an event's contract lives: `<file>` for version 1, `<file>-v<n>` after. */
export function eventFolder(name: string, version = 1): string {
  const { fileName } = namesOf(name);
  return version === 1 ? fileName : `${fileName}-v${version}`;
}

export const eventContractPath = (name: string, version = 1) => `${EVENTS_DIR}/${eventFolder(name, version)}/${eventFolder(name, version)}.event.ts`;

/** The exported constant: `PaymentAuthorized`, `PaymentAuthorizedV2`. */
export const eventContractName = (name: string, version = 1) => (version === 1 ? name : `${name}V${version}`);

/** A fixed uuid per event type, so the example (and the generator's output) is the same on every run. */
function exampleId(type: string): string {
  const hex = createHash('sha1').update(type).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

/**
 * Files are written as the templates lay them out: formatFiles would apply Prettier's defaults
 * (the repository has no Prettier config) to every file touched, compose and Helm values included.
 *
 * `nx g @bazaar/tools:event <Name> --producer=<service>`: a versioned event folder in libs/contracts
 * (contract with its payload schema and type, an example envelope, a spec that checks both), exported
 * from the events index, on its producer's topic, which topics.ts declares (added when new).
 */
export async function eventGenerator(tree: Tree, options: EventGeneratorOptions): Promise<void> {
  const { name, producer, key = 'orderId', eventVersion: version = 1 } = options;
  if (!EVENT_NAME.test(name)) throw new Error(`Event name "${name}": PascalCase letters, without a version (PaymentAuthorized)`);
  if (!SERVICE_NAME.test(producer)) throw new Error(`--producer "${producer}": a service name in kebab-case (payments)`);
  if (!/^[a-z][A-Za-z0-9]*$/.test(key)) throw new Error(`--key "${key}": a payload field name in camelCase (orderId)`);
  if (!Number.isInteger(version) || version < 1) throw new Error(`--eventVersion ${version}: a positive integer`);
  const folder = eventFolder(name, version);
  if (tree.exists(eventContractPath(name, version))) throw new Error(`${name}.v${version} exists already: ${eventContractPath(name, version)}`);

  const topic = namesOf(options.topic ?? producer);
  const topicConstant = `${topic.constantName}_TOPIC`;
  generateFiles(tree, join(workspaceRoot, 'tools/nx-plugin/src/generators/event/files'), EVENTS_DIR, {
    ...namesOf(name),
    contractName: eventContractName(name, version),
    folder,
    producer,
    key,
    version,
    topic: topic.fileName,
    topicConstant,
    exampleId: exampleId(`${name}.v${version}`),
  });

  insertSortedLine(tree, `${EVENTS_DIR}/index.ts`, `export * from './${folder}/${folder}.event';`, /^export \* from '\.\/[\w-]+\/[\w-]+\.event';$/);
  appendOnce(
    tree,
    `${EVENTS_DIR}/topics.ts`,
    `export const ${topicConstant}:`,
    `\n/** Events published by ${producer}, keyed by ${key}. */\nexport const ${topicConstant}: EventTopic = { topic: '${topic.fileName}.v1', numPartitions: 6 };\n`,
  );
}

export default eventGenerator;
