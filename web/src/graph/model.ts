// The graph as the explorer and the parcours player draw it: the API's GraphNode and GraphEdge,
// merged views, and the French names, colours and shapes of node kinds and relations.

import { graphql } from "../gql";
import type { GraphEdgeFieldsFragment, GraphNodeFieldsFragment, RelationType } from "../gql/graphql";

// The fields of a node and an edge, shared by every query that draws the graph.
export const GRAPH_NODE_FIELDS = graphql(`fragment GraphNodeFields on GraphNode { id kind label type thematiques depth archived }`);
export const GRAPH_EDGE_FIELDS = graphql(`fragment GraphEdgeFields on GraphEdge { type from to label conditions source { dataset datasetLabel ref quote } }`);

export type GNode = GraphNodeFieldsFragment;
export type GEdge = GraphEdgeFieldsFragment;

export type GView = { nodes: GNode[]; edges: GEdge[]; truncated?: boolean };

export const NEIGHBOURHOOD = graphql(`query Neighbourhood($id: ID!, $depth: Int, $relations: [RelationType!], $limit: Int) {
  neighbourhood(id: $id, depth: $depth, relations: $relations, limit: $limit) {
    truncated nodes { ...GraphNodeFields } edges { ...GraphEdgeFields }
  }
}`);

export const PATHS = graphql(`query Paths($from: ID!, $to: ID!, $maxHops: Int, $relations: [RelationType!]) {
  paths(from: $from, to: $to, maxHops: $maxHops, relations: $relations, first: 3) {
    length nodes { ...GraphNodeFields } edges { ...GraphEdgeFields }
  }
}`);

export type GPath = { length: number; nodes: GNode[]; edges: GEdge[] };

// edgeKey names an edge in the drawing: one edge per (from, type, to).
export function edgeKey(e: { from: string; type: string; to: string }): string {
  return `${e.from}|${e.type}|${e.to}`;
}

// merge adds a view to another: a node seen again keeps its smallest depth (from the start
// node), new nodes get their depth shifted by the depth of the node they were expanded from.
export function merge(into: GView, add: GView, shift = 0): GView {
  const nodes = new Map(into.nodes.map((n) => [n.id, n]));
  for (const n of add.nodes) {
    const d = n.depth + shift;
    const old = nodes.get(n.id);
    if (!old) nodes.set(n.id, { ...n, depth: d });
    else if (d < old.depth) nodes.set(n.id, { ...old, depth: d });
  }
  const edges = new Map(into.edges.map((e) => [edgeKey(e), e]));
  for (const e of add.edges) {
    if (nodes.has(e.from) && nodes.has(e.to) && !edges.has(edgeKey(e))) edges.set(edgeKey(e), e);
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()], truncated: into.truncated || add.truncated };
}

// Node kinds, in the legend's order: a colour-blind-safe palette (Okabe–Ito) and a shape each,
// so that the kind never depends on colour alone.
export const KINDS: { kind: string; label: string; plural: string; color: string; shape: string; symbol: string }[] = [
  { kind: "Dispositif", label: "Dispositif", plural: "Dispositifs", color: "#0072B2", shape: "ellipse", symbol: "●" },
  { kind: "Organisation", label: "Organisation", plural: "Organisations", color: "#E69F00", shape: "round-rectangle", symbol: "■" },
  { kind: "Instance", label: "Instance de coordination", plural: "Instances de coordination", color: "#CC79A7", shape: "diamond", symbol: "◆" },
  { kind: "Territory", label: "Territoire", plural: "Territoires", color: "#009E73", shape: "hexagon", symbol: "⬢" },
  { kind: "Public", label: "Public", plural: "Publics", color: "#D55E00", shape: "triangle", symbol: "▲" },
  { kind: "Thematique", label: "Thématique", plural: "Thématiques", color: "#56B4E9", shape: "tag", symbol: "◗" },
];

export function kindInfo(kind: string) {
  return KINDS.find((k) => k.kind === kind) ?? { kind, label: kind, plural: kind, color: "#8a94a6", shape: "ellipse", symbol: "●" };
}

// Relation types in French (the edge's own label reads it from → to, this names the type).
export const RELATIONS: { type: RelationType; label: string; color: string; dashed?: boolean }[] = [
  { type: "REFERS_TO", label: "Oriente vers", color: "#a32626" },
  { type: "REQUIRES_REFERRAL_BY", label: "Sur orientation de", color: "#a32626", dashed: true },
  { type: "OPERATES", label: "Opère", color: "#1d2433" },
  { type: "FUNDS", label: "Finance", color: "#1e7a46", dashed: true },
  { type: "MANDATES", label: "Mandate", color: "#6a3d9a" },
  { type: "COORDINATES", label: "Coordonne", color: "#6a3d9a", dashed: true },
  { type: "PARTNERS_WITH", label: "Partenaire de", color: "#b35806" },
  { type: "MEMBER_OF", label: "Membre de", color: "#8a5a44" },
  { type: "SERVES", label: "Accueille (public)", color: "#D55E00" },
  { type: "ABOUT", label: "Thématique", color: "#3d8fc4" },
  { type: "COVERS", label: "Couvre (territoire)", color: "#9aa5b5" },
  { type: "LOCATED_IN", label: "Situé à", color: "#9aa5b5", dashed: true },
  { type: "PART_OF", label: "Fait partie de", color: "#c3cad6" },
];

export function relationInfo(type: string) {
  return RELATIONS.find((r) => r.type === type) ?? { type, label: type, color: "#8a94a6" };
}

// listingPath is the app page of a node, when it has one.
export function listingPath(n: { id: string; kind: string }): string | null {
  switch (n.kind) {
    case "Dispositif":
      return `/dispositifs/${n.id}`;
    case "Organisation":
      return `/organisations/${n.id}`;
    case "Territory":
      return `/territoires/${n.id}`;
    case "Public":
      return `/dispositifs?public=${encodeURIComponent(n.id)}`;
    case "Thematique":
      return `/dispositifs?thematique=${encodeURIComponent(n.id)}`;
  }
  return null;
}

// acronyms finds the words of a label that look like acronyms (SIAO, CHRS, 115), for the
// glossary.
export function acronyms(label: string, extra: string[] = []): string[] {
  const out = new Set<string>();
  for (const w of [...(label.match(/[\p{L}\p{N}]+/gu) ?? []), ...extra]) {
    const isAcronym = w.length >= 2 && /\p{Lu}/u.test(w) && w === w.toUpperCase();
    if (isAcronym || w === "115") out.add(w.toUpperCase());
  }
  return [...out].slice(0, 8);
}
