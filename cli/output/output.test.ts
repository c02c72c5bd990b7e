import { describe, expect, it } from "vitest";
import { formatOutput } from "./format";
import { renderJsonPath } from "./jsonpath";
import { getPath, parsePath, sortByPath } from "./path";
import { headerOf, renderTable } from "./table";
import { renderTemplate } from "./template";

const machines = [
  { id: "m2", state: "Phoned Home", allocation: { hostname: "web-2", networks: [{ addresses: ["10.0.0.2"] }, { addresses: ["192.0.2.9", "2001:db8::9"] }] }, hardware: { cores: 16 } },
  { id: "m1", state: "Waiting", allocation: null, hardware: { cores: 4 } },
  { id: "m10", state: "Installing", allocation: { hostname: "db-1", networks: [] }, hardware: { cores: 32 } },
];
const view = { columns: [{ field: "allocation.hostname", header: "HOSTNAME" }, { field: "id" }, { field: "state" }], wide: [{ field: "hardware.cores" }, { field: "allocation.networks[*].addresses", header: "IPS" }] };

describe("field paths", () => {
  it("reads nested fields, indexes and fans out over arrays", () => {
    expect(getPath(machines[0], "allocation.hostname")).toBe("web-2");
    expect(getPath(machines[0], ".allocation.networks[1].addresses[0]")).toBe("192.0.2.9");
    expect(getPath(machines[0], "allocation.networks[*].addresses")).toEqual([["10.0.0.2"], ["192.0.2.9", "2001:db8::9"]]);
    expect(getPath(machines[1], "allocation.hostname")).toBeUndefined();
    expect(() => parsePath("a..b")).toThrow(/cannot read the field path/);
  });

  it("sorts numbers numerically, text naturally, missing values first, stably", () => {
    expect(sortByPath(machines, "hardware.cores").map((m) => m.id)).toEqual(["m1", "m2", "m10"]);
    expect(sortByPath(machines, "id").map((m) => m.id)).toEqual(["m1", "m2", "m10"]);
    expect(sortByPath(machines, "allocation.hostname").map((m) => m.id)).toEqual(["m1", "m10", "m2"]);
  });
});

describe("tables", () => {
  it("aligns columns, names each after its field, shows - for nothing and joins lists", () => {
    expect(renderTable(machines, [...view.columns, ...view.wide])).toBe(
      [
        "HOSTNAME   ID    STATE         CORES   IPS",
        "web-2      m2    Phoned Home   16      10.0.0.2,192.0.2.9,2001:db8::9",
        "-          m1    Waiting       4       -",
        "db-1       m10   Installing    32      -",
        "",
      ].join("\n"),
    );
    expect(headerOf({ field: "partitionId" })).toBe("PARTITION ID");
    expect(headerOf({ field: "lastError.message" })).toBe("MESSAGE");
  });

  it("leaves out the header line with --no-headers", () => {
    expect(renderTable(machines.slice(0, 1), view.columns, { headers: false })).toBe("web-2   m2   Phoned Home\n");
  });
});

describe("templates", () => {
  it("fills {{.field}} per item, with range and string literals", () => {
    expect(renderTemplate('{{.id}}{{"\\t"}}{{ .allocation.hostname }}', machines[0])).toBe("m2\tweb-2");
    expect(renderTemplate("{{range .allocation.networks}}[{{range .addresses}}{{.}} {{end}}]{{end}}", machines[0])).toBe("[10.0.0.2 ][192.0.2.9 2001:db8::9 ]");
    expect(renderTemplate("{{.allocation.hostname}}", machines[1])).toBe("<no value>");
    expect(() => renderTemplate("{{printf .id}}", machines[0])).toThrow(/unsupported action/);
    expect(() => renderTemplate("{{range .x}}", machines[0])).toThrow(/without \{\{end\}\}/);
  });
});

describe("jsonpath", () => {
  const answer = { items: machines, nextCursor: null };
  it("selects like kubectl: [*], indexes, range, filters", () => {
    expect(renderJsonPath("{.items[*].id}", answer)).toBe("m2 m1 m10");
    expect(renderJsonPath(".items[0].allocation.hostname", answer)).toBe("web-2");
    expect(renderJsonPath('{range .items[*]}{.id}{"\\t"}{.state}{"\\n"}{end}', answer)).toBe("m2\tPhoned Home\nm1\tWaiting\nm10\tInstalling\n");
    expect(renderJsonPath('{.items[?(@.state=="Waiting")].id}', answer)).toBe("m1");
    expect(renderJsonPath("{.items[?(@.hardware.cores!=4)].allocation.hostname}", answer)).toBe("web-2 db-1");
    expect(renderJsonPath("{.items[0].hardware}", answer)).toBe('{"cores":16}');
  });
});

describe("formatOutput", () => {
  it("prints lists as the API's page shape in json and yaml, sorted when asked", () => {
    const json = JSON.parse(formatOutput({ list: machines }, view, { output: "json", sortBy: "id" }));
    expect(json.items.map((m: { id: string }) => m.id)).toEqual(["m1", "m2", "m10"]);
    expect(json.nextCursor).toBeNull();
    expect(formatOutput({ item: { id: "x", tags: ["a"] } }, view, { output: "yaml" })).toBe("id: x\ntags:\n  - a\n");
  });

  it("accepts a column name for --sort-by and adds the wide columns", () => {
    const out = formatOutput({ list: machines }, view, { output: "wide", sortBy: "hostname" });
    expect(out.split("\n").map((l) => l.split(/\s+/)[0])).toEqual(["HOSTNAME", "-", "db-1", "web-2", ""]);
    expect(out).toContain("CORES");
  });

  it("applies a template per item and a jsonpath to the whole answer", () => {
    expect(formatOutput({ list: machines }, view, { output: "template={{.id}}" })).toBe("m2\nm1\nm10\n");
    expect(formatOutput({ list: machines }, view, { output: "template", template: "{{.state}}" })).toBe("Phoned Home\nWaiting\nInstalling\n");
    expect(formatOutput({ list: machines }, view, { output: "jsonpath={.items[*].id}" })).toBe("m2 m1 m10\n");
  });

  it("refuses unknown formats and broken templates as usage errors (exit 2)", () => {
    expect(() => formatOutput({ list: [] }, view, { output: "xml" })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => formatOutput({ list: [] }, view, { output: "template" })).toThrow(expect.objectContaining({ exitCode: 2 }));
    expect(() => formatOutput({ list: [] }, view, { output: "template={{end}}" })).toThrow(expect.objectContaining({ exitCode: 2 }));
  });
});
