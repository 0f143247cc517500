import {
  isAlias,
  isMap,
  isPair,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
} from "yaml";

/** A parsed YAML file that can map a JSON pointer back to a line and column. */
export interface YamlSource {
  file: string;
  doc: Document.Parsed;
  lineCounter: LineCounter;
  value: unknown;
  syntaxErrors: { line: number; col: number; message: string }[];
}

export function parseYamlSource(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, keepSourceTokens: false });
  // After the first syntax error the parser's later complaints mostly follow from it: show one.
  const syntaxErrors = doc.errors.slice(0, 1).map((e) => {
    const pos = lineCounter.linePos(e.pos[0]);
    const more = doc.errors.length > 1 ? ` (and ${doc.errors.length - 1} more error(s) after it)` : "";
    return { line: pos.line, col: pos.col, message: firstLine(e.message) + more };
  });
  let value: unknown;
  if (!syntaxErrors.length) {
    try {
      value = doc.toJS({ maxAliasCount: 100 });
    } catch (e) {
      // the yaml library's guard against "billion laughs": say where the aliases start, not a stack trace
      if (!(e instanceof ReferenceError)) throw e;
      const pos = lineCounter.linePos(firstAliasOffset(doc) ?? 0);
      syntaxErrors.push({
        line: pos.line,
        col: pos.col,
        message: "too many aliases expand here (an alias bomb?); not read",
      });
    }
  }
  return { file, doc, lineCounter, value, syntaxErrors };
}

function firstAliasOffset(doc: Document.Parsed): number | undefined {
  let at: number | undefined;
  visit(doc, { Alias: (_, node) => ((at = node.range?.[0]), visit.BREAK) });
  return at;
}

const firstLine = (s: string) => s.split("\n")[0]!.replace(/ at line \d+, column \d+:?$/, "");

/**
 * Line and column of the node a path points at. `onKey` points at a map key instead of its value
 * (an unknown field is best shown where the key is written). Missing tails resolve to the deepest
 * node that exists, so an error about a missing field points at its parent.
 */
export function locate(src: YamlSource, path: (string | number)[], onKey = false): { line: number; col: number } {
  let node: unknown = src.doc.contents;
  let pos: number | undefined = rangeStart(node);
  for (let i = 0; i < path.length; i++) {
    if (isAlias(node)) node = node.resolve(src.doc);
    const seg = path[i]!;
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      if (last && onKey) {
        pos = rangeStart(pair.key) ?? pos;
        break;
      }
      node = pair.value;
      pos = rangeStart(node) ?? rangeStart(pair.key) ?? pos;
    } else if (isSeq(node)) {
      const item = node.items[Number(seg)];
      if (item === undefined) break;
      node = item;
      pos = rangeStart(node) ?? pos;
    } else break;
  }
  return pos === undefined ? { line: 1, col: 1 } : src.lineCounter.linePos(pos);
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}

/** `requirements[2].prerequisites[0]` from ["requirements", 2, "prerequisites", 0]. */
export function formatPath(path: (string | number)[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number" || /^\d+$/.test(seg)) out += `[${seg}]`;
    else out += out ? `.${seg}` : seg;
  }
  return out;
}

/** Splits an ajv instancePath ("/a/0/b") into segments, numbers for sequence indexes. */
export function pointerSegments(pointer: string): (string | number)[] {
  if (!pointer) return [];
  return pointer
    .slice(1)
    .split("/")
    .map((s) => s.replace(/~1/g, "/").replace(/~0/g, "~"))
    .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}
