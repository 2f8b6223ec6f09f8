/**
 * Reads one spec file as YAML, keeping enough of the syntax tree to turn a JSON pointer back into
 * a line number (error messages) and an error offset into a JSON pointer (`where`).
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Document } from 'yaml';
import { parsePointer, toPointer } from '../json-pointer.ts';
import { specError } from './spec-error.ts';

export interface SpecSource {
  /** absolute path of the file */
  readonly file: string;
  /** the YAML as plain data */
  readonly data: unknown;
  /**
   * 1-based line of the node a pointer names; for a pointer to something absent (a missing
   * extension, say) the line of its nearest existing ancestor.
   */
  lineOf(pointer: string): number | undefined;
}

type YamlNode = unknown;

/** The text of a spec file, with its absolute path. */
export async function readSpecText(file: string): Promise<{ file: string; text: string }> {
  const absolute = path.resolve(file);
  try {
    return { file: absolute, text: await readFile(absolute, 'utf8') };
  } catch (e) {
    throw specError('CONFORM_SPEC_YAML', absolute, '', `cannot read the spec file: ${(e as Error).message}`, {
      cause: e,
    });
  }
}

/**
 * A source whose data is already known (the validated cache): the YAML is parsed again only if
 * a line number is ever asked for.
 */
export function knownSpecSource(file: string, text: string, data: unknown): SpecSource {
  let parsed: SpecSource | undefined;
  return { file, data, lineOf: (pointer) => (parsed ??= parseSpecText(file, text)).lineOf(pointer) };
}

export function parseSpecText(file: string, text: string): SpecSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, strict: true });
  const line = (offset: number) => lineCounter.linePos(offset).line;

  const [first] = doc.errors;
  if (first) {
    const offset = first.pos[0];
    throw specError('CONFORM_SPEC_YAML', file, toPointer(segmentsAt(doc.contents, offset)), first.message, {
      line: line(offset),
      cause: first,
    });
  }
  let data: unknown;
  try {
    // YAML aliases could expand into a huge document; a spec has no use for many of them
    data = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw specError('CONFORM_SPEC_YAML', file, '', (e as Error).message, { cause: e });
  }
  return {
    file,
    data,
    lineOf: (pointer) => {
      const offset = offsetOf(doc, pointer);
      return offset === undefined ? undefined : line(offset);
    },
  };
}

function keyOf(key: unknown): string {
  return isScalar(key) ? String(key.value) : String(key);
}

function range(node: YamlNode): readonly [number, number, number] | undefined {
  return (node as { range?: [number, number, number] } | null)?.range ?? undefined;
}

/** The path of the deepest node whose source range holds `offset`. */
function segmentsAt(node: YamlNode, offset: number, segments: (string | number)[] = []): (string | number)[] {
  if (isMap(node)) {
    for (const pair of node.items) {
      const start = range(pair.key)?.[0] ?? range(pair.value)?.[0];
      const end = range(pair.value)?.[2] ?? range(pair.key)?.[2];
      if (start !== undefined && end !== undefined && offset >= start && offset <= end) {
        return segmentsAt(pair.value, offset, [...segments, keyOf(pair.key)]);
      }
    }
  } else if (isSeq(node)) {
    for (const [index, item] of node.items.entries()) {
      const r = range(item);
      if (r && offset >= r[0] && offset <= r[2]) return segmentsAt(item, offset, [...segments, index]);
    }
  }
  return segments;
}

function offsetOf(doc: Document, pointer: string): number | undefined {
  let node: YamlNode = doc.contents;
  let offset = range(node)?.[0];
  let segments: string[];
  try {
    segments = parsePointer(pointer);
  } catch {
    return offset;
  }
  for (const segment of segments) {
    if (isMap(node)) {
      const pair = node.items.find((p) => keyOf(p.key) === segment);
      if (!pair) break;
      offset = range(pair.key)?.[0] ?? offset;
      node = pair.value;
    } else if (isSeq(node)) {
      const item = node.items[Number(segment)];
      if (item === undefined) break;
      offset = range(item)?.[0] ?? offset;
      node = item;
    } else {
      break;
    }
  }
  return offset;
}
