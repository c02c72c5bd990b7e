import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { isBootPath } from "./boot-paths";
import { allowedMethods, edgeAnswer } from "./edge";

const problem = (a: ReturnType<typeof edgeAnswer>) => ({ status: a?.status, code: a ? JSON.parse(a.body).code : null, type: a?.headers["content-type"] });

describe("boot paths", () => {
  it("recognises every spelling of a boot path, and nothing else", () => {
    const boot = [
      "/api/boot/ipxe", "/api/boot", "/API/Boot/ipxe", "/api//boot/ipxe", "//api/boot/register", "/api/%62oot/ipxe", "/api/boot%2Fipxe",
      "/api/%2562oot/ipxe", "/api/v1/../boot/ipxe", "/api/v1/%2e%2e/boot/ipxe", "/api\\boot\\ipxe", "/api/./boot/machines/x/wait",
      "/api/boot/switches/leaf01/desired", "/api/images/ubuntu/img.tar.lz4", "/api/%ff/boot",
    ];
    for (const p of boot) expect(isBootPath(p), p).toBe(true);
    for (const p of ["/api/v1/boot", "/api/bootstrap", "/api/v1/machines", "/boot", "/api/v1/images", "/"]) expect(isBootPath(p), p).toBe(false);
  });
});

describe("the edge", () => {
  it("refuses TRACE, TRACK and CONNECT with 405, Allow and problem+json", () => {
    for (const m of ["TRACE", "TRACK", "CONNECT", "trace"]) {
      const a = edgeAnswer(m, "/api/v1/me", "public");
      expect(problem(a)).toEqual({ status: 405, code: "method_not_allowed", type: "application/problem+json" });
      expect(a!.headers.allow).toContain("GET");
    }
  });

  it("answers a path that is not valid percent-encoding with 400 malformed_path", () => {
    for (const p of ["/api/v1/tenants/%ff", "/api/v1/tenants/%E2%82", "/api/v1/tenants/%zz", "/machines/%c0%af", "/%"]) {
      expect(problem(edgeAnswer("GET", p, "public")), p).toEqual({ status: 400, code: "malformed_path", type: "application/problem+json" });
    }
    expect(edgeAnswer("GET", "/api/v1/tenants/%41?q=%ff", "public")).toBeNull(); // the query is the route's to judge
  });

  it("serves boot paths only on the boot listener, and only boot paths there", () => {
    expect(problem(edgeAnswer("GET", "/api/boot/ipxe?partition=lab", "public")).status).toBe(404);
    expect(problem(edgeAnswer("GET", "http://evil/api/%62oot/ipxe", "public")).status).toBe(404);
    expect(edgeAnswer("GET", "/api/boot/ipxe?partition=lab", "boot")).toBeNull();
    expect(edgeAnswer("GET", "/api/images/x/img.tar.lz4", "boot")).toBeNull();
    for (const p of ["/api/v1/health", "/", "/login", "/_next/static/x.js"]) expect(problem(edgeAnswer("GET", p, "boot")).status, p).toBe(404);
  });

  it("answers a method a known route does not implement with 405, its Allow list and problem+json", () => {
    const put = edgeAnswer("PUT", "/api/v1/me", "public");
    expect(problem(put)).toEqual({ status: 405, code: "method_not_allowed", type: "application/problem+json" });
    expect(put!.headers.allow).toBe("GET, HEAD, OPTIONS");
    // A static segment wins over a parameter, as in Next.js: /machines/stream is its own route.
    expect(edgeAnswer("POST", "/api/v1/machines/stream", "public")?.status).toBe(405);
    expect(edgeAnswer("PATCH", "/api/v1/machines/abc", "public")).toBeNull();
    expect(edgeAnswer("GET", "/api/v1/sizes/suggest", "public")?.status).toBe(405);
    expect(edgeAnswer("POST", "/api/boot/ipxe", "boot")?.status).toBe(405);
    expect(edgeAnswer("HEAD", "/api/v1/me", "public")).toBeNull();
    expect(edgeAnswer("OPTIONS", "/api/v1/me", "public")).toBeNull();
    expect(edgeAnswer("DELETE", "/api/v1/no-such-thing", "public")).toBeNull(); // the catch-all answers 404
  });

  it("knows every route file's methods: the table matches the app directory", () => {
    const files: string[] = [];
    const walk = (dir: string) => {
      for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name === "route.ts") files.push(p);
      }
    };
    walk("app/api");
    const methods = /export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b|export const \{([^}]*)\}|export \{([^}]*)\}/g;
    for (const file of files) {
      const route = `/${path.dirname(file).replace(/^app\//, "")}`.replace(/\[\.\.\.(\w+)\]/g, "{...$1}").replace(/\[(\w+)\]/g, "{$1}");
      if (route === "/api/v1/{...unknown}") continue; // the fallback for paths no route serves
      const exported = new Set<string>();
      for (const m of fs.readFileSync(file, "utf8").matchAll(methods)) {
        if (m[1]) exported.add(m[1]);
        for (const name of (m[2] ?? m[3] ?? "").split(",")) {
          const n = name.trim().split(/\s+as\s+/).pop()!;
          if (/^(GET|POST|PUT|PATCH|DELETE)$/.test(n)) exported.add(n);
        }
      }
      const sample = route.replace(/\{\.\.\.\w+\}/, "a/b").replace(/\{\w+\}/g, "x");
      const known = allowedMethods(sample)?.filter((m) => m !== "HEAD" && m !== "OPTIONS").sort();
      expect(known, `${file} (${sample})`).toEqual([...exported].sort());
    }
  });
});
