// GraphCanvas draws a graph view with cytoscape: the explorer and the parcours player share it.
// React owns the data (the view, the filters, the highlighted nodes); this component keeps the
// cytoscape instance in step with it, adding and removing only what changed so that positions
// survive an expansion.

import { useEffect, useRef } from "react";
import cytoscape, { type Core, type ElementDefinition, type LayoutOptions, type NodeSingular } from "cytoscape";
import fcose from "cytoscape-fcose";
import { KINDS, RELATIONS, edgeKey, type GView } from "./model";

cytoscape.use(fcose);

export type LayoutName = "fcose" | "concentric" | "breadthfirst" | "preset";

export const LAYOUTS: { name: Exclude<LayoutName, "preset">; label: string }[] = [
  { name: "fcose", label: "Disposition par forces" },
  { name: "concentric", label: "Cercles par distance" },
  { name: "breadthfirst", label: "Arbre en largeur" },
];

export type Selection = { kind: "node" | "edge"; id: string } | null;

export type LayoutRecord = { name: string; nodes: number; edges: number; ms: number };

// What the app exposes to its browser tests (and to curious trainers in the console).
declare global {
  interface Window {
    __maillageGraph?: Core;
    __maillageLayouts?: LayoutRecord[];
  }
}

const SHORT = 38;
const short = (s: string) => (s.length > SHORT ? s.slice(0, SHORT - 1).trimEnd() + "…" : s);

const style: cytoscape.StylesheetJson = [
  {
    selector: "node",
    style: {
      "background-color": "#8a94a6",
      label: "data(short)",
      "font-size": 11,
      "text-valign": "bottom",
      "text-halign": "center",
      "text-margin-y": 3,
      color: "#1d2433",
      "text-outline-color": "#ffffff",
      "text-outline-width": 2,
      width: 24,
      height: 24,
      "border-width": 1,
      "border-color": "#ffffff",
      // labels disappear when zoomed out too far to read them: hundreds of nodes stay legible
      "min-zoomed-font-size": 7,
    },
  },
  ...KINDS.map((k) => ({
    selector: `node[kind = "${k.kind}"]`,
    style: { "background-color": k.color, shape: k.shape as cytoscape.Css.NodeShape },
  })),
  { selector: "node[?root]", style: { width: 40, height: 40, "border-width": 4, "border-color": "#1d2433", "font-size": 13, "font-weight": "bold" } },
  { selector: "node[?archived]", style: { "background-opacity": 0.45 } },
  { selector: "node.pinned", style: { "border-width": 5, "border-color": "#6b3fa0", "border-style": "double" } },
  {
    selector: "edge",
    style: {
      width: 1.5,
      "line-color": "#9aa5b5",
      "target-arrow-color": "#9aa5b5",
      "target-arrow-shape": "triangle",
      "arrow-scale": 0.8,
      "curve-style": "bezier",
      opacity: 0.85,
      "font-size": 9,
      color: "#1d2433",
      "text-rotation": "autorotate",
      "text-background-color": "#ffffff",
      "text-background-opacity": 0.85,
      "text-background-padding": "2px",
    },
  },
  ...RELATIONS.map((r) => ({
    selector: `edge[type = "${r.type}"]`,
    style: { "line-color": r.color, "target-arrow-color": r.color, "line-style": (r.dashed ? "dashed" : "solid") as cytoscape.Css.LineStyle },
  })),
  { selector: "edge.labelled, edge:selected", style: { label: "data(label)", opacity: 1, width: 2.5 } },
  { selector: "node:selected", style: { "border-width": 4, "border-color": "#1d2433", "z-index": 20 } },
  { selector: ".faded", style: { opacity: 0.15 } },
  { selector: "node.hl", style: { "border-width": 4, "border-color": "#f0b400", "z-index": 10, opacity: 1 } },
  {
    selector: "edge.hl",
    style: { width: 4, "line-color": "#f0b400", "target-arrow-color": "#f0b400", opacity: 1, label: "data(label)", "z-index": 10 },
  },
  { selector: ".hidden", style: { display: "none" } },
];

type Props = {
  view: GView;
  root?: string | null;
  layout: LayoutName;
  positions?: Record<string, { x: number; y: number }>;
  // bumping it lays the graph out again
  layoutKey?: number;
  hiddenRelations?: ReadonlySet<string>;
  thematique?: string | null;
  highlight?: { nodes: string[]; edges: string[] } | null;
  selected?: Selection;
  onSelect?: (s: Selection) => void;
  onExpand?: (id: string) => void;
  onReady?: (cy: Core | null) => void;
  label: string;
  className?: string;
};

function layoutOptions(
  cy: Core, name: LayoutName, root: string | null | undefined, positions: Props["positions"], incremental: boolean, n: number,
): LayoutOptions {
  const base = { fit: true, padding: 30, animate: false };
  switch (name) {
    case "preset":
      return { ...base, name: "preset", padding: 40, positions: (node: NodeSingular) => positions?.[node.id()] ?? { x: 0, y: 0 } } as LayoutOptions;
    case "concentric":
      return {
        ...base, name: "concentric", startAngle: (3 / 2) * Math.PI, minNodeSpacing: 14, avoidOverlap: true,
        concentric: (node: NodeSingular) => 100 - Number(node.data("depth") ?? 0), levelWidth: () => 1,
      };
    case "breadthfirst": {
      const r = root ? cy.getElementById(root) : cy.collection();
      return {
        ...base, name: "breadthfirst", directed: false, spacingFactor: 1.1, avoidOverlap: true,
        ...(r.nonempty() && r.visible() ? { roots: r as unknown as string[] } : {}),
      };
    }
    default:
      // fCoSE: a fast force-directed layout; incremental runs start from the current positions
      // (which needs its "proof" quality) so that an expansion keeps the rest of the drawing
      return {
        ...base, name: "fcose",
        quality: incremental ? "proof" : "default",
        randomize: !incremental,
        initialEnergyOnIncremental: 0.6,
        animate: n <= 120 ? "end" : false,
        animationDuration: 350,
        nodeDimensionsIncludeLabels: n <= 150,
        nodeRepulsion: () => 8000,
        idealEdgeLength: () => (n <= 150 ? 110 : 70),
        edgeElasticity: () => 0.45,
        nodeSeparation: 60,
        numIter: 2500,
        packComponents: true,
        tile: true,
      } as LayoutOptions;
  }
}

// seededRandom is a small deterministic generator (mulberry32) seeded by a hash (FNV-1a) of ids.
function seededRandom(ids: string[]): () => number {
  let h = 2166136261;
  for (const id of ids) {
    for (let i = 0; i < id.length; i++) h = Math.imul(h ^ id.charCodeAt(i), 16777619);
    h = Math.imul(h ^ 10, 16777619);
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function GraphCanvas(props: Props) {
  const box = useRef<HTMLDivElement>(null);
  const cyRef = useRef<Core | null>(null);
  const latest = useRef(props);
  latest.current = props;
  // what the last layout ran for, so that a change of view and of layout at once runs one
  const laidOut = useRef<{ layout: LayoutName; key?: number; positions?: Props["positions"] } | null>(null);

  // the cytoscape instance lives as long as the component
  useEffect(() => {
    const cy = cytoscape({
      container: box.current,
      style,
      minZoom: 0.05,
      maxZoom: 4,
      boxSelectionEnabled: false,
      selectionType: "single",
    });
    cyRef.current = cy;
    window.__maillageGraph = cy;
    window.__maillageLayouts ??= [];
    cy.on("tap", "node", (e) => latest.current.onSelect?.({ kind: "node", id: e.target.id() }));
    cy.on("tap", "edge", (e) => latest.current.onSelect?.({ kind: "edge", id: e.target.id() }));
    cy.on("tap", (e) => {
      if (e.target === cy) latest.current.onSelect?.(null);
    });
    cy.on("dbltap", "node", (e) => latest.current.onExpand?.(e.target.id()));
    cy.on("mouseover", "edge", (e) => e.target.addClass("labelled"));
    cy.on("mouseout", "edge", (e) => e.target.removeClass("labelled"));
    latest.current.onReady?.(cy);
    return () => {
      latest.current.onReady?.(null);
      if (window.__maillageGraph === cy) delete window.__maillageGraph;
      cy.destroy();
      cyRef.current = null;
    };
  }, []);

  const run = (incremental: boolean) => {
    const cy = cyRef.current;
    if (!cy || cy.nodes().empty()) return;
    const p = latest.current;
    laidOut.current = { layout: p.layout, key: p.layoutKey, positions: p.positions };
    const eles = cy.elements().not(".hidden");
    const t0 = performance.now();
    const layout = eles.layout(layoutOptions(cy, p.layout, p.root, p.positions, incremental, eles.nodes().length));
    layout.one("layoutstop", () => {
      const rec = { name: p.layout, nodes: eles.nodes().length, edges: eles.edges().length, ms: Math.round(performance.now() - t0) };
      window.__maillageLayouts?.push(rec);
      box.current?.setAttribute("data-layouts", String((Number(box.current.getAttribute("data-layouts")) || 0) + 1));
      if (latest.current.highlight?.nodes.length) focus(cy, latest.current.highlight.nodes);
    });
    // The force-directed layouts draw random numbers: a generator seeded by the graph itself
    // gives the same graph the same picture on every load (a trainer's remembered layout, a
    // double-click where the node was). The layouts run synchronously in run().
    const random = Math.random;
    Math.random = seededRandom(eles.map((e) => e.id()).sort());
    try {
      layout.run();
    } finally {
      Math.random = random;
    }
  };

  // keep the drawing in step with the view: remove what left, add what came, lay out again
  const { view } = props;
  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const nodeIds = new Set(view.nodes.map((n) => n.id));
    const edgeIds = new Set(view.edges.map(edgeKey));
    const before = cy.nodes().length;
    let changed = false;
    cy.batch(() => {
      const gone = cy.elements().filter((el) => (el.isNode() ? !nodeIds.has(el.id()) : !edgeIds.has(el.id())));
      if (gone.nonempty()) {
        changed = true;
        cy.remove(gone);
      }
      const add: ElementDefinition[] = [];
      const placed = new Map<string, { x: number; y: number }>();
      const rnd = seededRandom(view.nodes.map((n) => n.id).sort()); // same graph, same start
      for (const n of view.nodes) {
        const el = cy.getElementById(n.id);
        const data = { id: n.id, label: n.label, short: short(n.label), kind: n.kind, type: n.type, depth: n.depth, archived: n.archived, root: n.id === props.root };
        if (el.nonempty()) {
          el.data(data);
          continue;
        }
        // a new node starts next to a node it is linked to, so an incremental layout moves little
        const link = view.edges.find((e) => (e.from === n.id && cy.getElementById(e.to).nonempty()) || (e.to === n.id && cy.getElementById(e.from).nonempty()));
        const anchor = link ? cy.getElementById(link.from === n.id ? link.to : link.from).position() : null;
        const pos = anchor ? { x: anchor.x + (rnd() - 0.5) * 80, y: anchor.y + (rnd() - 0.5) * 80 } : { x: rnd() * 400, y: rnd() * 400 };
        placed.set(n.id, pos);
        add.push({ group: "nodes", data, position: pos });
      }
      for (const e of view.edges) {
        const id = edgeKey(e);
        if (cy.getElementById(id).nonempty()) continue;
        add.push({ group: "edges", data: { id, source: e.from, target: e.to, type: e.type, label: e.label } });
      }
      if (add.length) {
        changed = true;
        cy.add(add);
      }
    });
    applyFilters(cy, latest.current);
    applyHighlight(cy, latest.current.highlight ?? null);
    if (changed) run(before > 0 && cy.nodes().length > before && latest.current.layout === "fcose");
  }, [view, props.root]);

  // a new layout, or a request to lay out again
  useEffect(() => {
    const l = laidOut.current;
    if (l && l.layout === props.layout && l.key === props.layoutKey && l.positions === props.positions) return;
    run(false);
  }, [props.layout, props.layoutKey, props.positions]);

  // filters hide edges of unchecked relations and dispositifs off the thématique (a new view
  // applies them itself, above)
  const { hiddenRelations, thematique } = props;
  useEffect(() => {
    if (cyRef.current) applyFilters(cyRef.current, { view: latest.current.view, hiddenRelations, thematique });
  }, [hiddenRelations, thematique]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    applyHighlight(cy, props.highlight ?? null);
    if (props.highlight?.nodes.length) focus(cy, props.highlight.nodes);
  }, [props.highlight]);

  useEffect(() => {
    const cy = cyRef.current;
    if (!cy) return;
    const sel = props.selected;
    cy.batch(() => {
      cy.elements(":selected").filter((el) => el.id() !== sel?.id).unselect();
      if (sel) cy.getElementById(sel.id).select();
    });
  }, [props.selected]);

  return <div ref={box} className={props.className ?? "graph-canvas"} role="img" aria-label={props.label} data-layouts="0" />;
}

// focus fits the view on some nodes, without zooming in further than a readable level.
function focus(cy: Core, ids: string[]) {
  const eles = cy.collection();
  for (const id of ids) eles.merge(cy.getElementById(id));
  const vis = eles.filter((el) => el.visible());
  if (vis.empty()) return;
  const bb = vis.boundingBox({});
  const zoom = Math.min(1.5, (cy.width() - 120) / Math.max(bb.w, 1), (cy.height() - 120) / Math.max(bb.h, 1));
  const z = Math.max(cy.minZoom(), zoom);
  const pan = { x: cy.width() / 2 - z * (bb.x1 + bb.w / 2), y: cy.height() / 2 - z * (bb.y1 + bb.h / 2) };
  cy.stop();
  cy.animate({ zoom: z, pan }, { duration: 300 });
}

function applyFilters(cy: Core, p: Pick<Props, "view" | "hiddenRelations" | "thematique">) {
  const hidden = p.hiddenRelations ?? new Set<string>();
  const them = p.thematique ?? null;
  cy.batch(() => {
    cy.elements().removeClass("hidden");
    if (!hidden.size && !them) return;
    cy.edges().filter((e) => hidden.has(e.data("type"))).addClass("hidden");
    if (them) {
      const view = new Map(p.view.nodes.map((n) => [n.id, n]));
      cy.nodes('[kind = "Dispositif"]')
        .filter((n) => !(view.get(n.id())?.thematiques ?? []).includes(them))
        .addClass("hidden");
      cy.nodes().filter((n) => n.hasClass("hidden")).connectedEdges().addClass("hidden");
    }
    // a node left without any visible relation goes too (but for the start node)
    cy.nodes()
      .filter((n) => !n.hasClass("hidden") && !n.data("root") && n.connectedEdges().filter((e) => !e.hasClass("hidden")).empty())
      .addClass("hidden");
  });
}

function applyHighlight(cy: Core, hl: Props["highlight"]) {
  cy.batch(() => {
    cy.elements().removeClass("faded hl");
    if (!hl || (!hl.nodes.length && !hl.edges.length)) return;
    const on = cy.collection();
    for (const id of hl.nodes) on.merge(cy.getElementById(id));
    for (const id of hl.edges) on.merge(cy.getElementById(id));
    on.addClass("hl");
    cy.elements().not(on).addClass("faded");
  });
}
