import type { Tree } from '@nx/devkit';

/**
 * Idempotent edits of shared text files that a generator extends (an index, a list, a YAML map):
 * the file keeps its comments and layout, and running a generator twice changes nothing the second time.
 */

/** Reads a file the generator must extend; a fork that removed it gets a message naming it. */
export function readRequired(tree: Tree, path: string): string {
  const content = tree.read(path, 'utf-8');
  if (content === null) throw new Error(`${path} is missing: the generator extends it`);
  return content;
}

/** Inserts `line` (no newline) into the run of lines matching `siblings`, in sorted position; no change when it is there. */
export function insertSortedLine(tree: Tree, path: string, line: string, siblings: RegExp): void {
  const lines = readRequired(tree, path).split('\n');
  if (lines.includes(line)) return;
  const positions = lines.map((text, index) => (siblings.test(text) ? index : -1)).filter((index) => index >= 0);
  if (positions.length === 0) throw new Error(`${path}: found no line like ${siblings} to insert ${line} next to`);
  const after = positions.filter((index) => lines[index] < line);
  const at = after.length > 0 ? after[after.length - 1] + 1 : positions[0];
  lines.splice(at, 0, line);
  tree.write(path, lines.join('\n'));
}

/** Appends `text` to the file unless `marker` already occurs in it. */
export function appendOnce(tree: Tree, path: string, marker: string, text: string): void {
  const content = readRequired(tree, path);
  if (content.includes(marker)) return;
  tree.write(path, `${content.replace(/\n*$/, '\n')}${text}`);
}

/**
 * Inserts `block` before the first line at or after `from` that matches `before`, unless `marker`
 * already occurs; `before` names the landmark in the error when the file has changed shape.
 */
export function insertBlockBefore(tree: Tree, path: string, marker: string, block: string, before: RegExp, from = /^/): void {
  const content = readRequired(tree, path);
  if (content.includes(marker)) return;
  const lines = content.split('\n');
  const start = lines.findIndex((line) => from.test(line));
  const at = start < 0 ? -1 : lines.findIndex((line, index) => index >= start && before.test(line));
  if (at < 0) throw new Error(`${path}: found no line like ${before} to insert before`);
  lines.splice(at, 0, ...block.replace(/\n$/, '').split('\n'));
  tree.write(path, lines.join('\n'));
}
