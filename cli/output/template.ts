import { getPath } from "./path";

/**
 * A small subset of Go's text/template, enough for metalctl/kubectl-style one-liners:
 *   {{.id}}  {{ .allocation.hostname }}  {{.}}  {{range .tags}}{{.}},{{end}}  {{"\t"}}
 * Values print as in a table cell would not: strings as they are, other values as JSON.
 */
type Node = { text: string } | { field: string } | { literal: string } | { range: string; body: Node[] };

const TAG = /\{\{-?\s*(.*?)\s*-?\}\}/gs;

function unescape(s: string): string {
  return s.replace(/\\([nt"\\])/g, (_, c: string) => ({ n: "\n", t: "\t", '"': '"', "\\": "\\" })[c] ?? c);
}

export function parseTemplate(src: string): Node[] {
  const root: Node[] = [];
  const stack: Node[][] = [root];
  let last = 0;
  for (const m of src.matchAll(TAG)) {
    const top = stack[stack.length - 1];
    if (m.index > last) top.push({ text: src.slice(last, m.index) });
    last = m.index + m[0].length;
    const action = m[1];
    const range = /^range\s+(\.\S*)$/.exec(action);
    if (range) {
      const node = { range: range[1], body: [] as Node[] };
      top.push(node);
      stack.push(node.body);
    } else if (action === "end") {
      if (stack.length === 1) throw new Error("template: {{end}} without {{range}}");
      stack.pop();
    } else if (/^"(?:[^"\\]|\\.)*"$/.test(action)) {
      top.push({ literal: unescape(action.slice(1, -1)) });
    } else if (/^\.[\w.$[\]*-]*$/.test(action)) {
      top.push({ field: action });
    } else {
      throw new Error(`template: unsupported action {{${action}}} (use {{.field}}, {{range .list}}…{{end}} or {{"text"}})`);
    }
  }
  if (stack.length > 1) throw new Error("template: {{range}} without {{end}}");
  if (last < src.length) stack[0].push({ text: src.slice(last) });
  return root;
}

function show(v: unknown): string {
  if (v === null || v === undefined) return "<no value>";
  return typeof v === "string" ? v : typeof v === "object" ? JSON.stringify(v) : String(v);
}

function run(nodes: Node[], dot: unknown): string {
  let out = "";
  for (const n of nodes) {
    if ("text" in n) out += n.text;
    else if ("literal" in n) out += n.literal;
    else if ("field" in n) out += show(n.field === "." ? dot : getPath(dot, n.field));
    else {
      const list = n.range === "." ? dot : getPath(dot, n.range);
      const items = Array.isArray(list) ? list : list && typeof list === "object" ? Object.values(list) : [];
      for (const item of items) out += run(n.body, item);
    }
  }
  return out;
}

export function renderTemplate(src: string, value: unknown): string {
  return run(parseTemplate(src), value);
}
