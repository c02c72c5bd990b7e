import { parsePath, selectAll } from "./path";

/**
 * kubectl's JSONPath flavour, the commonly used part:
 *   {.items[*].id}   {.items[0].allocation.hostname}   {range .items[*]}{.id}{"\t"}{.state}{"\n"}{end}
 *   {.items[?(@.state=="Phoned Home")].id}
 * Several results print space-separated; strings as they are, other values as JSON.
 */
type Node = { text: string } | { expr: string } | { range: string; body: Node[] };

function unescape(s: string): string {
  return s.replace(/\\([nt"\\])/g, (_, c: string) => ({ n: "\n", t: "\t", '"': '"', "\\": "\\" })[c] ?? c);
}

function parse(src: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf("{", i);
    const top = stack[stack.length - 1];
    if (open < 0) {
      top.push({ text: src.slice(i) });
      break;
    }
    if (open > i) top.push({ text: src.slice(i, open) });
    const close = src.indexOf("}", open);
    if (close < 0) throw new Error(`jsonpath: unclosed { at ${open}`);
    const inner = src.slice(open + 1, close).trim();
    i = close + 1;
    if (inner.startsWith("range ")) {
      const node = { range: inner.slice(6).trim(), body: [] as Node[] };
      top.push(node);
      stack.push(node.body);
    } else if (inner === "end") {
      if (stack.length === 1) throw new Error("jsonpath: {end} without {range}");
      stack.pop();
    } else if (/^"(?:[^"\\]|\\.)*"$/.test(inner)) {
      top.push({ text: unescape(inner.slice(1, -1)) });
    } else {
      top.push({ expr: inner });
    }
  }
  if (stack.length > 1) throw new Error("jsonpath: {range} without {end}");
  return root;
}

const FILTER = /\[\?\(@(\.[\w.]+)\s*(==|!=)\s*(?:"([^"]*)"|'([^']*)'|(-?\d+(?:\.\d+)?|true|false|null))\)\]/;

/** Evaluates one path, with at most one filter step [?(@.field == value)]. */
function evaluate(expr: string, root: unknown): unknown[] {
  const path = expr.replace(/^\$/, "");
  const f = FILTER.exec(path);
  if (!f) return selectAll(root, parsePath(path));
  const [before, after] = [path.slice(0, f.index), path.slice(f.index + f[0].length)];
  const want: unknown = f[3] ?? f[4] ?? JSON.parse(f[5]);
  const candidates = selectAll(root, parsePath(before)).flatMap((v) => (Array.isArray(v) ? v : [v]));
  const kept = candidates.filter((c) => {
    const [got] = selectAll(c, parsePath(f[1]));
    return (got === want) === (f[2] === "==");
  });
  return after ? kept.flatMap((k) => selectAll(k, parsePath(after))) : kept;
}

function show(v: unknown): string {
  return typeof v === "string" ? v : JSON.stringify(v);
}

function run(nodes: Node[], root: unknown): string {
  let out = "";
  for (const n of nodes) {
    if ("text" in n) out += n.text;
    else if ("expr" in n) out += evaluate(n.expr, root).map(show).join(" ");
    else for (const item of evaluate(n.range, root)) out += run(n.body, item);
  }
  return out;
}

export function renderJsonPath(src: string, value: unknown): string {
  // kubectl accepts a bare path without braces too.
  const template = src.includes("{") ? src : `{${src}}`;
  return run(parse(template), value);
}
