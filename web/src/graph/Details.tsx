// The detail panel of a node or a relation picked in a graph: what it is, its page, what its
// acronyms mean (from the glossary), and its relations in the view as a list a keyboard or a
// screen reader can follow.

import { useEffect, useState, type ReactNode } from "react";
import { Link } from "react-router";
import { request } from "../api";
import { graphql } from "../gql";
import type { GlossaryQuery } from "../gql/graphql";
import { levelLabels } from "../pages/Lists";
import { acronyms, edgeKey, kindInfo, listingPath, relationInfo, type GEdge, type GNode, type GView } from "./model";

const NODE = graphql(`query NodeDetails($id: ID!) { node(id: $id) { __typename
  ... on Dispositif { acronyms typeLabel description }
  ... on Organisation { acronyms typeLabel description }
  ... on Instance { acronyms description }
  ... on Territory { level code }
  ... on Public { description }
  ... on Thematique { description }
} }`);

// GLOSSARY asks for one term; the terms of a node are asked together, one request each.
const GLOSSARY = graphql(`query Glossary($term: String) { glossary(term: $term) { term expansion aliases } }`);
type Entry = GlossaryQuery["glossary"][number];
// NodeInfo is what the panel reads of a node, whatever its kind.
type NodeInfo = { acronyms?: string[]; typeLabel?: string | null; description?: string | null; level?: string; code?: string };

// defines tells whether a glossary entry is the meaning of an acronym (the glossary answers
// with every entry that contains the term).
const defines = (e: Entry, term: string) =>
  e.term.toUpperCase() === term || e.aliases.some((a) => a.toUpperCase() === term);

export function useNodeInfo(node: GNode | null) {
  const [info, setInfo] = useState<NodeInfo | null>(null);
  const [glossary, setGlossary] = useState<{ term: string; expansion: string }[]>([]);
  const id = node?.id;
  const label = node?.label;
  useEffect(() => {
    setInfo(null);
    setGlossary([]);
    if (!id || !label) return;
    let live = true;
    (async () => {
      const n: NodeInfo | null = await request(NODE, { id }).then((d) => d.node).catch(() => null);
      if (!live) return;
      setInfo(n);
      const terms = acronyms(label, n?.acronyms ?? []);
      if (!terms.length) return;
      const g = await Promise.all(terms.map((term) => request(GLOSSARY, { term }))).catch(() => null);
      if (!live || !g) return;
      const found: { term: string; expansion: string }[] = [];
      terms.forEach((t, i) => {
        const e = g[i].glossary.find((e) => defines(e, t));
        if (e) found.push({ term: t, expansion: e.expansion });
      });
      setGlossary(found);
    })();
    return () => {
      live = false;
    };
  }, [id, label]);
  return { info, glossary };
}

// Swatch shows a node kind by its colour and its shape, as the graph draws it.
export function Swatch({ kind }: { kind: string }) {
  const k = kindInfo(kind);
  return <span className="swatch" style={{ color: k.color }} aria-hidden="true">{k.symbol}</span>;
}

// relationText reads an edge from the point of view of one of its ends.
export function relationText(e: GEdge, from: string): { text: string; other: string } {
  if (e.from === from) return { text: e.label, other: e.to };
  return { text: `← ${e.label}`, other: e.from };
}

export function NodeDetails({
  node, view, hidden, actions, onSelect, showDepth = true,
}: { node: GNode; view: GView; hidden?: ReadonlySet<string>; actions?: ReactNode; onSelect: (id: string) => void; showDepth?: boolean }) {
  const { info, glossary } = useNodeInfo(node);
  const k = kindInfo(node.kind);
  const page = listingPath(node);
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const links = view.edges.filter((e) => (e.from === node.id || e.to === node.id) && !hidden?.has(e.type));
  const type = info?.typeLabel ?? (info?.level ? levelLabels[info.level] ?? info.level : node.type);
  return (
    <div className="details" aria-live="polite">
      <p className="kicker"><Swatch kind={node.kind} /> {k.label}{type ? ` · ${type}` : ""}</p>
      <h2>{node.label}</h2>
      {node.archived && <p><span className="badge closed">Archivé</span></p>}
      {showDepth && <p className="muted small">
        {node.depth === 0 ? "Point de départ de l'exploration" : `À ${node.depth} relation${node.depth > 1 ? "s" : ""} du point de départ`}
      </p>}
      {info?.description && <p className="small">{info.description}</p>}
      {glossary.length > 0 && (
        <section aria-label="Glossaire">
          <h3>Sigles</h3>
          <dl className="glossary">
            {glossary.map((g) => (
              <div key={g.term}><dt><abbr title={g.expansion}>{g.term}</abbr></dt><dd>{g.expansion}</dd></div>
            ))}
          </dl>
        </section>
      )}
      <div className="actions">
        {actions}
        {page && <Link className="button secondary" to={page}>Voir la fiche</Link>}
      </div>
      {links.length > 0 && (
        <section aria-label="Relations dans la vue">
          <h3>Relations ({links.length})</h3>
          <ul className="relations">
            {links.slice(0, 60).map((e) => {
              const r = relationText(e, node.id);
              const other = byId.get(r.other);
              return (
                <li key={edgeKey(e)}>
                  <span className="muted">{r.text}</span>{" "}
                  <button type="button" className="linklike" onClick={() => onSelect(r.other)}>{other?.label ?? r.other}</button>
                </li>
              );
            })}
          </ul>
          {links.length > 60 && <p className="muted small">… et {links.length - 60} autres.</p>}
        </section>
      )}
    </div>
  );
}

export function EdgeDetails({ edge, view, onSelect }: { edge: GEdge; view: GView; onSelect: (id: string) => void }) {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const name = (id: string) => byId.get(id)?.label ?? id;
  return (
    <div className="details" aria-live="polite">
      <p className="kicker">Relation · {relationInfo(edge.type).label}</p>
      <h2>
        <button type="button" className="linklike" onClick={() => onSelect(edge.from)}>{name(edge.from)}</button>{" "}
        <span className="muted">{edge.label}</span>{" "}
        <button type="button" className="linklike" onClick={() => onSelect(edge.to)}>{name(edge.to)}</button>
      </h2>
      {edge.conditions && <p><strong>Conditions :</strong> {edge.conditions}</p>}
      {edge.source?.quote && (
        <blockquote className="quote">
          « {edge.source.quote} »{edge.source.ref && <footer><cite>{edge.source.ref}</cite></footer>}
        </blockquote>
      )}
    </div>
  );
}
