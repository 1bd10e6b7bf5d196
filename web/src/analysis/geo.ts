// The geometry of the analysis map: which shapes stand for the rows of a coverage matrix
// (commune outlines, département or région outlines, or circles at commune centres), loaded on
// demand from the files scripts/geo-assets.mjs generates (./geo, see its PROVENANCE.md), and a
// small equirectangular projection into SVG coordinates.

type Position = [number, number];
type Polygon = Position[][];
type Geometry = { type: "Polygon"; coordinates: Polygon } | { type: "MultiPolygon"; coordinates: Polygon[] };
type Feature = { properties: { code: string; nom: string; actuel?: string; region?: string }; geometry: Geometry };
type FeatureCollection = { features: Feature[] };
type CentresFile = { departement: string; lon0: number; lat0: number; approximatif: string[]; communes: string };

// Each file is its own chunk, fetched when a map needs it.
const files = import.meta.glob<{ default: unknown }>("./geo/**/*.json");

async function load<T>(name: string): Promise<T | null> {
  const f = files[`./geo/${name}.json`];
  if (!f) return null;
  return (await f()).default as T;
}

// The départements whose communes have outlines.
const OUTLINES = new Set(["15", "52", "93"]);

// DROM départements stand for their région (one département each).
const DROM_REGION: Record<string, string> = { "971": "01", "972": "02", "973": "03", "974": "04", "976": "06" };

export function departementOf(commune: string): string {
  return commune.startsWith("97") || commune.startsWith("98") ? commune.slice(0, 3) : commune.slice(0, 2);
}

// A shape of the map: an outline (rings in lon/lat) or a point (a commune centre).
export type GeoShape = {
  // the code of the matrix row it stands for
  code: string;
  // the name of the outline when it differs from the row (a commune merged since 2018)
  note?: string;
  polygons?: Polygon[];
  point?: Position;
  approximate?: boolean;
  // drawn in an inset (the overseas départements on a map of France)
  inset?: boolean;
};

export type GeoLayer = {
  shapes: GeoShape[];
  // outlines drawn behind the circles (the départements concerned)
  backdrop: Polygon[][];
  // rows without any shape
  missing: string[];
  kind: "outlines" | "circles";
};

const polygonsOf = (g: Geometry): Polygon[] => (g.type === "Polygon" ? [g.coordinates] : g.coordinates);

// layerFor finds the shapes of the rows of a matrix (their codes, at rowLevel).
export async function layerFor(rowLevel: string, codes: string[]): Promise<GeoLayer | null> {
  const wanted = new Set(codes);
  const found = new Set<string>();
  const shapes: GeoShape[] = [];
  const backdrop: Polygon[][] = [];
  let kind: GeoLayer["kind"] = "outlines";
  if (rowLevel === "departement" || rowLevel === "region") {
    const deps = await load<FeatureCollection>("departements");
    if (!deps) return null;
    const overseasAndMetro = codes.some((c) => (rowLevel === "region" ? Number(c) > 10 : !c.startsWith("97"))) && codes.some((c) => (rowLevel === "region" ? Number(c) <= 6 : c.startsWith("97")));
    if (rowLevel === "departement") {
      for (const f of deps.features) {
        if (!wanted.has(f.properties.code)) continue;
        found.add(f.properties.code);
        shapes.push({ code: f.properties.code, polygons: polygonsOf(f.geometry), inset: overseasAndMetro && f.properties.code.startsWith("97") });
      }
    } else {
      const regions = await load<FeatureCollection>("regions");
      for (const f of regions?.features ?? []) {
        if (!wanted.has(f.properties.code)) continue;
        found.add(f.properties.code);
        shapes.push({ code: f.properties.code, polygons: polygonsOf(f.geometry) });
      }
      for (const f of deps.features) {
        const region = DROM_REGION[f.properties.code];
        if (!region || !wanted.has(region)) continue;
        found.add(region);
        shapes.push({ code: region, polygons: polygonsOf(f.geometry), inset: overseasAndMetro });
      }
    }
  } else if (rowLevel === "commune" || rowLevel === "arrondissement") {
    const byDep = new Map<string, string[]>();
    for (const c of codes) byDep.set(departementOf(c), [...(byDep.get(departementOf(c)) ?? []), c]);
    const deps = await load<FeatureCollection>("departements");
    for (const [dep] of byDep) {
      if (rowLevel === "commune" && OUTLINES.has(dep)) {
        const communes = await load<FeatureCollection>(`communes-${dep}`);
        for (const f of communes?.features ?? []) {
          const code = f.properties.actuel ?? f.properties.code;
          if (!wanted.has(code)) continue;
          found.add(code);
          shapes.push({ code, polygons: polygonsOf(f.geometry), note: f.properties.actuel ? `${f.properties.nom} (commune rattachée depuis 2018)` : undefined });
        }
        continue;
      }
      kind = "circles";
      const outline = deps?.features.find((f) => f.properties.code === dep);
      if (outline) backdrop.push(polygonsOf(outline.geometry));
      const centres = await load<CentresFile>(`centres/${dep}`);
      if (!centres) continue;
      const approx = new Set(centres.approximatif);
      for (const entry of centres.communes.split(";")) {
        const [suffix, x, y] = entry.split(" ");
        const code = dep + suffix;
        if (!wanted.has(code) || found.has(code)) continue;
        found.add(code);
        shapes.push({ code, point: [centres.lon0 + Number(x) / 1000, centres.lat0 + Number(y) / 1000], approximate: approx.has(code) });
      }
    }
  } else {
    return null;
  }
  if (!shapes.length) return null;
  return { shapes, backdrop, kind, missing: codes.filter((c) => !found.has(c)) };
}

// Projection: an equirectangular projection at the mean latitude, fitted into a box.
export type Box = { x: number; y: number; w: number; h: number };
export type Projection = (p: Position) => Position;

function bounds(points: Position[]): [number, number, number, number] {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const [x, y] of points) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  return [minX, minY, maxX, maxY];
}

export function pointsOf(s: { polygons?: Polygon[]; point?: Position }): Position[] {
  if (s.point) return [s.point];
  return (s.polygons ?? []).flatMap((p) => p[0] ?? []);
}

// fit returns the projection that draws points into box, keeping proportions, and the size it
// uses (at most box).
export function fit(points: Position[], box: Box): { project: Projection; w: number; h: number } {
  const [minLon, minLat, maxLon, maxLat] = bounds(points);
  const k = Math.cos((((minLat + maxLat) / 2) * Math.PI) / 180);
  const spanX = Math.max((maxLon - minLon) * k, 1e-6);
  const spanY = Math.max(maxLat - minLat, 1e-6);
  const scale = Math.min(box.w / spanX, box.h / spanY);
  const w = spanX * scale, h = spanY * scale;
  const ox = box.x + (box.w - w) / 2, oy = box.y;
  return { project: ([lon, lat]) => [ox + (lon - minLon) * k * scale, oy + (maxLat - lat) * scale], w, h };
}

const n = (v: number) => Math.round(v * 10) / 10;

// pathOf draws polygons as an SVG path (even-odd fill for the holes).
export function pathOf(polygons: Polygon[], project: Projection): string {
  let d = "";
  for (const poly of polygons)
    for (const ring of poly) {
      ring.forEach((p, i) => {
        const [x, y] = project(p);
        d += `${i ? "L" : "M"}${n(x)},${n(y)}`;
      });
      d += "Z";
    }
  return d;
}
