/**
 * Identifier globs for size constraints ("AMD EPYC*", "/dev/sd[c-z]", "GA100*").
 *
 * Semantics follow Go's filepath.Match (what metal-stack uses) with one deliberate change:
 * `*` and `?` also match "/". Identifiers are CPU/GPU model names and disk device names, not
 * file paths, so "*" must mean "every disk" even when disks are named "/dev/sda".
 *
 * We match with a hand-written matcher instead of translating to a RegExp: a pattern such as
 * "*a*a*a*a*b" turns into a backtracking regex that can take exponential time, while the
 * two-pointer wildcard algorithm below is O(pattern × subject) in the worst case.
 */

export const MAX_GLOB_LENGTH = 200;

type Token =
  | { kind: "star" }
  | { kind: "any" }
  | { kind: "literal"; char: string }
  | { kind: "class"; negated: boolean; ranges: [string, string][] };

type Parsed = { ok: true; tokens: Token[] } | { ok: false; problem: string };

/** Code points, so that "?" consumes one character even outside the BMP. */
const chars = (s: string): string[] => Array.from(s);

function parseClass(cs: string[], start: number): { token: Token; next: number } | string {
  let i = start + 1;
  const negated = cs[i] === "^";
  if (negated) i++;
  const ranges: [string, string][] = [];
  const readChar = (): string | null => {
    if (cs[i] === "\\") i++;
    const c = cs[i];
    if (c === undefined) return null;
    i++;
    return c;
  };
  while (i < cs.length && cs[i] !== "]") {
    const lo = readChar();
    if (lo === null) break;
    let hi = lo;
    if (cs[i] === "-" && cs[i + 1] !== undefined && cs[i + 1] !== "]") {
      i++;
      const end = readChar();
      if (end === null) break;
      hi = end;
    }
    if (lo.codePointAt(0)! > hi.codePointAt(0)!) return `range "${lo}-${hi}" is reversed`;
    ranges.push([lo, hi]);
  }
  if (cs[i] !== "]") return `"[" at position ${start + 1} is never closed`;
  // "[]" is an unclosed class in Go; we call it out rather than guess what was meant.
  if (ranges.length === 0) return `empty character class at position ${start + 1}`;
  return { token: { kind: "class", negated, ranges }, next: i + 1 };
}

function parse(pattern: string): Parsed {
  if (pattern.length === 0) return { ok: false, problem: "must not be empty" };
  if (pattern.length > MAX_GLOB_LENGTH) {
    return { ok: false, problem: `must be at most ${MAX_GLOB_LENGTH} characters` };
  }
  const cs = chars(pattern);
  const tokens: Token[] = [];
  let i = 0;
  while (i < cs.length) {
    const c = cs[i];
    if (c === "*") {
      // Consecutive stars mean the same as one; collapsing keeps the matcher's backtracking simple.
      if (tokens.at(-1)?.kind !== "star") tokens.push({ kind: "star" });
      i++;
    } else if (c === "?") {
      tokens.push({ kind: "any" });
      i++;
    } else if (c === "\\") {
      const next = cs[i + 1];
      if (next === undefined) return { ok: false, problem: "ends with an unfinished escape \"\\\"" };
      tokens.push({ kind: "literal", char: next });
      i += 2;
    } else if (c === "[") {
      const parsed = parseClass(cs, i);
      if (typeof parsed === "string") return { ok: false, problem: parsed };
      tokens.push(parsed.token);
      i = parsed.next;
    } else if (c === "]") {
      // Go treats a stray "]" as a literal; it is almost always a typo, so we require "\]".
      return { ok: false, problem: `unbalanced "]" at position ${i + 1} (escape it as "\\]")` };
    } else {
      tokens.push({ kind: "literal", char: c });
      i++;
    }
  }
  return { ok: true, tokens };
}

function matchesOne(token: Token, c: string): boolean {
  switch (token.kind) {
    case "any":
      return true;
    case "literal":
      return token.char === c;
    case "class": {
      const cp = c.codePointAt(0)!;
      const inside = token.ranges.some(([lo, hi]) => cp >= lo.codePointAt(0)! && cp <= hi.codePointAt(0)!);
      return inside !== token.negated;
    }
    case "star":
      return false;
  }
}

function matchTokens(tokens: Token[], subject: string[]): boolean {
  let t = 0;
  let s = 0;
  // Where the last star was and which subject position it is currently made to end at.
  let starT = -1;
  let starS = 0;
  while (s < subject.length) {
    const token = tokens[t];
    if (token?.kind === "star") {
      starT = t++;
      starS = s;
    } else if (token !== undefined && matchesOne(token, subject[s])) {
      t++;
      s++;
    } else if (starT >= 0) {
      // Let the last star swallow one more character and retry from there.
      t = starT + 1;
      s = ++starS;
    } else {
      return false;
    }
  }
  while (tokens[t]?.kind === "star") t++;
  return t === tokens.length;
}

/** Why the pattern is not a valid identifier glob, or null when it is. */
export function globProblem(pattern: string): string | null {
  const parsed = parse(pattern);
  return parsed.ok ? null : parsed.problem;
}

/**
 * Compiles a glob into a case-sensitive, whole-string matcher.
 * Throws on an invalid pattern: callers validate with globProblem first, so reaching the
 * throw is a programming error, not user input.
 */
export function compileGlob(pattern: string): (subject: string) => boolean {
  const parsed = parse(pattern);
  if (!parsed.ok) throw new Error(`invalid glob ${JSON.stringify(pattern)}: ${parsed.problem}`);
  const { tokens } = parsed;
  return (subject) => matchTokens(tokens, chars(subject));
}

/** True when the glob matches every string, so it selects the same items as "no identifier". */
export function isCatchAllGlob(pattern: string | undefined): boolean {
  return pattern === undefined || /^\*+$/.test(pattern);
}
