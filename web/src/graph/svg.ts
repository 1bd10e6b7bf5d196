// toSVG draws a cytoscape graph as a standalone SVG document, for slides: vector shapes that
// stay sharp at any size, labels as real text. It reads what cytoscape computed (positions,
// sizes, colours, curve control points, opacity) so the SVG looks like the screen.
//
// Written here rather than taken from npm: the one cytoscape SVG extension (cytoscape-svg) is
// GPL-3.0 and replays canvas calls; this reads the model, a few dozen lines.

import type { Core, EdgeSingular, NodeSingular, Position } from "cytoscape";

const esc = (s: string) =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const num = (n: number) => (Math.round(n * 100) / 100).toString();

function polygon(cx: number, cy: number, w: number, h: number, pts: [number, number][]): string {
  return pts.map(([x, y]) => `${num(cx + (x * w) / 2)},${num(cy + (y * h) / 2)}`).join(" ");
}

// Unit shapes (-1…1) of the node shapes the app uses, as cytoscape draws them.
const shapes: Record<string, [number, number][]> = {
  diamond: [[0, -1], [1, 0], [0, 1], [-1, 0]],
  hexagon: [[-0.5, -1], [0.5, -1], [1, 0], [0.5, 1], [-0.5, 1], [-1, 0]],
  triangle: [[0, -1], [1, 1], [-1, 1]],
  tag: [[-1, -1], [0.5, -1], [1, 0], [0.5, 1], [-1, 1]],
  rectangle: [[-1, -1], [1, -1], [1, 1], [-1, 1]],
};

function nodeSVG(n: NodeSingular): string {
  const p = n.position();
  const w = n.width();
  const h = n.height();
  const fill = n.style("background-color");
  const fillOpacity = Number(n.style("background-opacity") ?? 1);
  const bw = n.numericStyle("border-width") as number;
  const stroke = bw > 0 ? ` stroke="${esc(n.style("border-color"))}" stroke-width="${num(bw)}"` : "";
  const attrs = `fill="${esc(fill)}" fill-opacity="${fillOpacity}"${stroke}`;
  const shape = String(n.style("shape"));
  let out: string;
  if (shape === "ellipse") {
    out = `<ellipse cx="${num(p.x)}" cy="${num(p.y)}" rx="${num(w / 2)}" ry="${num(h / 2)}" ${attrs}/>`;
  } else if (shape === "round-rectangle" || shape === "roundrectangle") {
    out = `<rect x="${num(p.x - w / 2)}" y="${num(p.y - h / 2)}" width="${num(w)}" height="${num(h)}" rx="${num(Math.min(w, h) / 4)}" ${attrs}/>`;
  } else {
    out = `<polygon points="${polygon(p.x, p.y, w, h, shapes[shape] ?? shapes.rectangle)}" ${attrs}/>`;
  }
  const label = String(n.style("label") ?? "");
  if (label) {
    const size = n.numericStyle("font-size") as number;
    const weight = n.style("font-weight");
    const y = p.y + h / 2 + bw / 2 + size + (Number(n.numericStyle("text-margin-y")) || 0);
    out +=
      `<text x="${num(p.x)}" y="${num(y)}" font-size="${num(size)}" font-weight="${esc(String(weight))}" text-anchor="middle" ` +
      `fill="${esc(n.style("color"))}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(label)}</text>`;
  }
  return out;
}

function edgeSVG(e: EdgeSingular): string {
  const s = e.sourceEndpoint();
  const t = e.targetEndpoint();
  const color = e.style("line-color");
  const width = e.numericStyle("width") as number;
  const dashed = e.style("line-style") === "dashed" ? ` stroke-dasharray="${num(width * 4)} ${num(width * 3)}"` : "";
  const cps: Position[] = e.controlPoints() ?? [];
  let d = `M${num(s.x)},${num(s.y)}`;
  let last: Position = s;
  if (cps.length === 1) {
    d += ` Q${num(cps[0].x)},${num(cps[0].y)} ${num(t.x)},${num(t.y)}`;
    last = cps[0];
  } else if (cps.length > 1) {
    // cytoscape chains quadratic curves through the midpoints of consecutive control points
    for (let i = 0; i < cps.length; i++) {
      const end = i === cps.length - 1 ? t : { x: (cps[i].x + cps[i + 1].x) / 2, y: (cps[i].y + cps[i + 1].y) / 2 };
      d += ` Q${num(cps[i].x)},${num(cps[i].y)} ${num(end.x)},${num(end.y)}`;
    }
    last = cps[cps.length - 1];
  } else {
    d += ` L${num(t.x)},${num(t.y)}`;
  }
  let out = `<path d="${d}" fill="none" stroke="${esc(color)}" stroke-width="${num(width)}"${dashed}/>`;
  if (e.style("target-arrow-shape") !== "none") {
    const angle = Math.atan2(t.y - last.y, t.x - last.x);
    const size = Math.max(9, width * 5) * (Number(e.style("arrow-scale")) || 1);
    const a = (da: number) => `${num(t.x - size * Math.cos(angle + da))},${num(t.y - size * Math.sin(angle + da))}`;
    out += `<polygon points="${num(t.x)},${num(t.y)} ${a(0.45)} ${a(-0.45)}" fill="${esc(e.style("target-arrow-color"))}"/>`;
  }
  const label = String(e.style("label") ?? "");
  if (label) {
    const m = e.midpoint();
    const size = e.numericStyle("font-size") as number;
    out +=
      `<text x="${num(m.x)}" y="${num(m.y)}" font-size="${num(size)}" text-anchor="middle" dominant-baseline="middle" ` +
      `fill="${esc(e.style("color"))}" stroke="#ffffff" stroke-width="3" paint-order="stroke">${esc(label)}</text>`;
  }
  return out;
}

// toSVG returns the SVG of the visible elements: the whole graph (full) or what the viewport
// shows now.
export function toSVG(cy: Core, full: boolean, title: string): string {
  const visible = cy.elements(":visible");
  const pad = 20;
  let box: { x1: number; y1: number; w: number; h: number };
  if (full || visible.empty()) {
    const bb = visible.boundingBox({});
    box = { x1: bb.x1 - pad, y1: bb.y1 - pad, w: bb.w + 2 * pad, h: bb.h + 2 * pad };
  } else {
    const ex = cy.extent();
    box = { x1: ex.x1, y1: ex.y1, w: ex.w, h: ex.h };
  }
  const width = Math.max(1, Math.round(full ? box.w : cy.width()));
  const height = Math.max(1, Math.round(full ? box.h : cy.height()));
  const layer = (eles: string[], opacity: number[]) =>
    eles.map((s, i) => (opacity[i] < 1 ? `<g opacity="${num(opacity[i])}">${s}</g>` : s)).join("\n");
  const edges = visible.edges().toArray() as EdgeSingular[];
  const nodes = visible.nodes().toArray() as NodeSingular[];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${num(box.x1)} ${num(box.y1)} ${num(box.w)} ${num(box.h)}" ` +
      `font-family="system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif">`,
    `<title>${esc(title)}</title>`,
    `<rect x="${num(box.x1)}" y="${num(box.y1)}" width="${num(box.w)}" height="${num(box.h)}" fill="#ffffff"/>`,
    layer(edges.map(edgeSVG), edges.map((e) => e.effectiveOpacity())),
    layer(nodes.map(nodeSVG), nodes.map((n) => n.effectiveOpacity())),
    `</svg>`,
  ].join("\n");
}
