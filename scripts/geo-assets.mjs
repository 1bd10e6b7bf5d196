#!/usr/bin/env node
// Regenerates the map assets of the « Territoire » analysis page (web/src/analysis/geo/) from
// the reference geography (Licence Ouverte; see web/src/analysis/geo/PROVENANCE.md):
//
//   node scripts/geo-assets.mjs [SOURCE_DIR]     (default: ../shared/reference/geo)
//
// - communes-15.json, communes-52.json, communes-93.json: the commune outlines of the Cantal,
//   the Haute-Marne and Seine-Saint-Denis (IGN Admin Express COG 2018), simplified
//   (Douglas–Peucker) and rounded at 0.001° (about 100 m, under a pixel of the page's map); a
//   commune merged since 2018 carries `actuel`, the code of the commune it belongs to now (from
//   communes.csv anciens_codes).
// - departements.json: the 96 metropolitan départements and the 5 DROM, with their région,
//   simplified and rounded at 0.002° (the DROM, which come at 25 %, simplified at 0.004°).
// - regions.json: the 13 metropolitan régions, simplified and rounded at 0.002°.
// - centres/DEP.json: the centre of every commune of a département (geo.api.gouv.fr, COG 2021)
//   for the départements without outlines, where the map draws proportional circles; Paris gets
//   the approximate positions of its 20 arrondissements (see PARIS below). Compact form:
//   {departement, lon0, lat0, approximatif, communes: "SUFFIX X Y;…"}: the code is the
//   département's code + SUFFIX, the centre (lon0 + X/1000, lat0 + Y/1000).
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const src = resolve(process.argv[2] ?? join(root, "..", "shared", "reference", "geo"));
const out = join(root, "web", "src", "analysis", "geo");

// csv reads a small RFC 4180 file into objects keyed by the header.
function csv(file) {
  const text = readFileSync(join(src, file), "utf8");
  const rows = [];
  let row = [], field = "", quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; i++; }
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") { row.push(field); field = ""; }
    else if (c === "\n") { row.push(field); rows.push(row); row = []; field = ""; }
    else if (c !== "\r") field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  const [head, ...body] = rows;
  return body.map((r) => Object.fromEntries(head.map((h, i) => [h, r[i] ?? ""])));
}

const round = (v, q) => Math.round(v / q) * q;
const fix = (v, q) => Number(round(v, q).toFixed(Math.max(0, -Math.floor(Math.log10(q)))));

// Douglas–Peucker on one closed ring (tolerance in degrees), in two halves so that the
// closing point, equal to the first, is no degenerate segment.
function simplify(ring, tol) {
  if (!tol || ring.length < 9) return ring;
  const mid = ring.length >> 1;
  return [...dp(ring.slice(0, mid + 1), tol).slice(0, -1), ...dp(ring.slice(mid), tol)];
}

function dp(ring, tol) {
  const keep = new Uint8Array(ring.length);
  keep[0] = keep[ring.length - 1] = 1;
  const stack = [[0, ring.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop();
    const [ax, ay] = ring[a], [bx, by] = ring[b];
    const dx = bx - ax, dy = by - ay, len = Math.hypot(dx, dy) || 1e-12;
    let max = 0, at = -1;
    for (let i = a + 1; i < b; i++) {
      const d = Math.abs(dy * ring[i][0] - dx * ring[i][1] + bx * ay - by * ax) / len;
      if (d > max) { max = d; at = i; }
    }
    if (max > tol && at > 0) { keep[at] = 1; stack.push([a, at], [at, b]); }
  }
  return ring.filter((_, i) => keep[i]);
}

// ring rounds a ring's coordinates and drops the points that became duplicates.
function ring(points, q, tol) {
  const r = [];
  for (const [x, y] of simplify(points, tol)) {
    const p = [fix(x, q), fix(y, q)];
    const last = r[r.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push(p);
  }
  return r.length >= 4 ? r : null;
}

function geometry(g, q, tol) {
  const polys = g.type === "Polygon" ? [g.coordinates] : g.coordinates;
  const kept = polys.map((rings) => rings.map((r) => ring(r, q, tol)).filter(Boolean)).filter((p) => p.length);
  return kept.length === 1 ? { type: "Polygon", coordinates: kept[0] } : { type: "MultiPolygon", coordinates: kept };
}

const readGeo = (file) => JSON.parse(readFileSync(join(src, file), "utf8"));
const write = (file, value) => {
  const path = join(out, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(value) + "\n");
  return path;
};

const communes = csv("communes.csv");
const departements = csv("departements.csv");
const currentOf = new Map(); // old INSEE code → current commune
for (const c of communes) for (const old of c.anciens_codes.split("|").filter(Boolean)) if (old !== c.code) currentOf.set(old, c.code);
const isCurrent = new Set(communes.map((c) => c.code));

rmSync(out + "/centres", { recursive: true, force: true });

// Commune outlines.
const outlines = { "15": "communes-15-cantal.geojson", "52": "communes-52-haute-marne.geojson", "93": "communes-93-seine-saint-denis.geojson" };
for (const [dep, file] of Object.entries(outlines)) {
  const features = readGeo(file).features.map((f) => {
    const code = f.properties.code;
    const properties = { code, nom: f.properties.nom };
    if (!isCurrent.has(code) && currentOf.has(code)) properties.actuel = currentOf.get(code);
    return { type: "Feature", properties, geometry: geometry(f.geometry, 0.001, 0.001) };
  });
  write(`communes-${dep}.json`, { type: "FeatureCollection", features });
}

// Départements (metropole + DROM) with their région, and the metropolitan régions.
const regionOf = new Map(departements.map((d) => [d.code, d.region]));
const deps = [
  ...readGeo("departements-metropole-simplifie.geojson").features.map((f) => [f, 0.002]),
  ...readGeo("departements-drom.geojson").features.map((f) => [f, 0.004]),
].map(([f, tol]) => ({
  type: "Feature",
  properties: { code: f.properties.code, nom: f.properties.nom, region: regionOf.get(f.properties.code) ?? "" },
  geometry: geometry(f.geometry, 0.002, tol),
}));
write("departements.json", { type: "FeatureCollection", features: deps });
const regions = readGeo("regions-metropole-simplifie.geojson").features.map((f) => ({
  type: "Feature", properties: { code: f.properties.code, nom: f.properties.nom }, geometry: geometry(f.geometry, 0.002, 0.002),
}));
write("regions.json", { type: "FeatureCollection", features: regions });

// Commune centres, per département, for the départements without outlines.
const centre = new Map(csv("communes-centres-geoapi-2021.csv").map((c) => [c.code, [Number(c.lon), Number(c.lat)]]));
const byDep = new Map();
for (const c of communes) {
  if (c.type !== "commune-actuelle" || outlines[c.departement]) continue;
  // a commune absent from the 2021 centres: the centre of a commune merged into it, if any
  const at = centre.get(c.code) ?? c.anciens_codes.split("|").map((o) => centre.get(o)).find(Boolean);
  if (!at) continue;
  if (!byDep.has(c.departement)) byDep.set(c.departement, []);
  byDep.get(c.departement).push([c.code, fix(at[0], 0.001), fix(at[1], 0.001)]);
}

// PARIS: the reference centres have no arrondissements municipaux. These are approximate
// positions of the 20 arrondissements (hand-placed, to about 300 m), enough for a schematic map
// of proportional circles; the page says they are approximate.
const PARIS = [
  ["75101", 2.337, 48.862], ["75102", 2.343, 48.868], ["75103", 2.360, 48.863], ["75104", 2.357, 48.854],
  ["75105", 2.350, 48.845], ["75106", 2.333, 48.849], ["75107", 2.312, 48.856], ["75108", 2.312, 48.873],
  ["75109", 2.338, 48.877], ["75110", 2.361, 48.876], ["75111", 2.380, 48.859], ["75112", 2.405, 48.836],
  ["75113", 2.362, 48.828], ["75114", 2.326, 48.829], ["75115", 2.299, 48.840], ["75116", 2.265, 48.858],
  ["75117", 2.307, 48.887], ["75118", 2.348, 48.892], ["75119", 2.385, 48.887], ["75120", 2.400, 48.864],
];
byDep.set("75", [...(byDep.get("75") ?? []), ...PARIS]);

let files = 0, points = 0;
for (const [dep, list] of byDep) {
  list.sort((a, b) => a[0].localeCompare(b[0]));
  // compact: "suffix lon lat" per commune, the code without the département's prefix, the
  // position in thousandths of a degree from the south-west corner (lon0, lat0)
  const lon0 = Math.floor(Math.min(...list.map((c) => c[1]))), lat0 = Math.floor(Math.min(...list.map((c) => c[2])));
  const communes = list.map(([code, lon, lat]) => `${code.slice(dep.length)} ${Math.round((lon - lon0) * 1000)} ${Math.round((lat - lat0) * 1000)}`).join(";");
  write(`centres/${dep}.json`, { departement: dep, lon0, lat0, approximatif: dep === "75" ? PARIS.map((p) => p[0]) : [], communes });
  files++;
  points += list.length;
}
console.log(`${Object.keys(outlines).length} outline files, ${deps.length} départements, ${regions.length} régions, ${points} centres in ${files} files → ${out}`);
