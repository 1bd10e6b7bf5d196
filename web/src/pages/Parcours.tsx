// The parcours: journeys through the offer drawn from the source documents, walked step by step
// in training sessions (previous / next, or the arrow keys), each step's nodes highlighted in
// the graph of the whole journey.

import { useEffect, useMemo, useState } from "react";
import { Link, useParams, useSearchParams } from "react-router";
import { ApiError, request } from "../api";
import { ErrorBox, Loading, useTitle } from "../components";
import { useQuery } from "../useQuery";
import { GraphCanvas, type Selection } from "../graph/GraphCanvas";
import { NodeDetails } from "../graph/Details";
import { NEIGHBOURHOOD, edgeKey, merge, type GEdge, type GNode, type GView } from "../graph/model";
import { graphql } from "../gql";
import type { ParcoursQuery } from "../gql/graphql";

const LIST = graphql(`query ParcoursList { parcoursList { id title summary persona territory { id name } steps { order } } }`);

const ONE = graphql(`query Parcours($id: ID!) { parcours(id: $id) {
  id title summary persona territory { id name }
  steps { order title text source { dataset datasetLabel ref quote } nodes { ...GraphNodeFields } }
  sources { dataset datasetLabel ref quote }
} }`);

type Step = NonNullable<ParcoursQuery["parcours"]>["steps"][number];

export function ParcoursListPage() {
  useTitle("Parcours de formation");
  const { data, error, loading } = useQuery(LIST, {});
  return (
    <div>
      <h1>Parcours de formation</h1>
      <p className="lead">
        Des trajets réels à travers l'offre, tirés des documents sources : à suivre étape par étape pour montrer qui fait quoi,
        qui oriente vers qui, et ce que veut dire chaque sigle.
      </p>
      {loading && !data && <Loading />}
      {error && <ErrorBox error={error} />}
      {data && (
        <ol className="cards parcours-list">
          {data.parcoursList.map((p) => (
            <li key={p.id} className="card">
              <h2><Link to={`/parcours/${encodeURIComponent(p.id)}`}>{p.title}</Link></h2>
              <p className="muted">{p.persona}{p.territory ? ` — ${p.territory.name}` : ""} — {p.steps.length} étape{p.steps.length > 1 ? "s" : ""}</p>
              <p>{p.summary}</p>
            </li>
          ))}
        </ol>
      )}
      {data && data.parcoursList.length === 0 && <p className="muted">Aucun parcours pour l'instant.</p>}
    </div>
  );
}

// parcoursEdges fetches the relations among the journey's nodes: each node's neighbourhood
// (one typed query per node, sent together), kept where both ends belong to the journey.
async function parcoursEdges(ids: string[]): Promise<GEdge[]> {
  if (!ids.length) return [];
  const views = await Promise.all(ids.map((id) => request(NEIGHBOURHOOD, { id, depth: 1, limit: 500 })));
  const set = new Set(ids);
  const out = new Map<string, GEdge>();
  for (const v of views) for (const e of v.neighbourhood.edges) if (set.has(e.from) && set.has(e.to)) out.set(edgeKey(e), e);
  return [...out.values()];
}

// columns places the nodes of each step, where they first appear, left to right: a few one
// above the other, more on a circle (a long column would draw its edges over each other).
// Single nodes alternate up and down so that an edge from step 1 to step 3 does not cross the
// node of step 2.
function columns(steps: Step[]): Record<string, { x: number; y: number }> {
  const pos: Record<string, { x: number; y: number }> = {};
  let x = 0;
  let k = 0;
  for (const s of steps) {
    const fresh = s.nodes.filter((n) => !pos[n.id]);
    if (!fresh.length) continue;
    const shift = k++ % 2 ? 60 : -60;
    if (fresh.length <= 3) {
      fresh.forEach((n, j) => {
        pos[n.id] = { x, y: (j - (fresh.length - 1) / 2) * 110 + (fresh.length === 1 ? shift : 0) };
      });
      x += 240;
      continue;
    }
    // nodes of a kind side by side on the circle: fewer crossings
    fresh.sort((a, b) => a.kind.localeCompare(b.kind));
    const r = Math.max(120, (fresh.length * 120) / (2 * Math.PI));
    x += r - 60;
    fresh.forEach((n, j) => {
      const a = -Math.PI / 2 + (2 * Math.PI * j) / fresh.length;
      pos[n.id] = { x: x + r * Math.cos(a), y: r * Math.sin(a) };
    });
    x += r + 200;
  }
  return pos;
}

export function ParcoursPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const { data, error, loading } = useQuery(ONE, { id: id ?? "" });
  const p = data?.parcours;
  useTitle(p?.title ?? (error ? "Parcours introuvable" : "Parcours"));
  const total = p?.steps.length ?? 0;
  const index = Math.min(Math.max(1, Number(params.get("etape")) || 1), Math.max(1, total)) - 1;
  const step = p?.steps[index];
  const [edges, setEdges] = useState<GEdge[]>([]);
  const [selection, setSelection] = useState<Selection>(null);

  const nodes = useMemo(() => {
    const m = new Map<string, GNode>();
    p?.steps.forEach((s, i) => s.nodes.forEach((n) => { if (!m.has(n.id)) m.set(n.id, { ...n, depth: i }); }));
    return [...m.values()];
  }, [p]);
  const positions = useMemo(() => columns(p?.steps ?? []), [p]);
  const view = useMemo<GView>(() => merge({ nodes: [], edges: [] }, { nodes, edges }), [nodes, edges]);

  useEffect(() => {
    setEdges([]);
    let live = true;
    parcoursEdges(nodes.map((n) => n.id)).then((e) => live && setEdges(e)).catch(() => undefined);
    return () => {
      live = false;
    };
  }, [nodes]);

  const go = (i: number) => {
    if (i < 0 || i >= total) return;
    setSelection(null);
    setParams(i === 0 ? {} : { etape: String(i + 1) }, { replace: true });
  };

  // the arrow keys walk the journey, unless a field has the focus
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.altKey || e.ctrlKey || e.metaKey || e.shiftKey) return;
      const t = e.target as HTMLElement | null;
      if (t && (t.isContentEditable || ["INPUT", "SELECT", "TEXTAREA"].includes(t.tagName))) return;
      if (e.key === "ArrowRight") go(index + 1);
      else if (e.key === "ArrowLeft") go(index - 1);
      else return;
      e.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  });

  const highlight = useMemo(() => {
    if (!step) return null;
    const ids = new Set(step.nodes.map((n) => n.id));
    return { nodes: [...ids], edges: view.edges.filter((e) => ids.has(e.from) && ids.has(e.to)).map(edgeKey) };
  }, [step, view.edges]);

  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  if (!p) return <ErrorBox error={new ApiError(`Aucun parcours « ${id} ».`, "NOT_FOUND")} />;
  const selected = selection?.kind === "node" ? view.nodes.find((n) => n.id === selection.id) : undefined;

  return (
    <div className="parcours">
      <header className="explorer-head">
        <p className="kicker"><Link to="/parcours">Parcours de formation</Link></p>
        <h1>{p.title}</h1>
        <p className="muted">{p.persona}{p.territory ? ` — ${p.territory.name}` : ""}</p>
        <p>{p.summary}</p>
      </header>
      <nav className="steps-nav" aria-label="Étapes du parcours">
        <ol>
          {p.steps.map((s, i) => (
            <li key={s.order}>
              <button type="button" className={i === index ? "step current" : "step"} aria-current={i === index ? "step" : undefined} onClick={() => go(i)}>
                <span className="step-num">{i + 1}</span> {s.title}
              </button>
            </li>
          ))}
        </ol>
      </nav>
      <div className="explorer-grid">
        <section className="graph-panel" aria-label="Graphe du parcours">
          <GraphCanvas
            view={view}
            layout="preset"
            positions={positions}
            highlight={highlight}
            selected={selection}
            onSelect={setSelection}
            label={`Graphe du parcours : étape ${index + 1}, ${step?.nodes.map((n) => n.label).join(", ") ?? ""}`}
          />
          <p className="small muted">Flèches ← et → du clavier : étape précédente ou suivante. Cliquez sur un nœud pour son détail.</p>
        </section>
        <aside className="side">
          {step && (
            <article className="step-card" aria-live="polite">
              <p className="kicker">Étape {index + 1} sur {total}</p>
              <h2>{step.title}</h2>
              <p>{step.text}</p>
              {step.source?.quote && (
                <blockquote className="quote">
                  « {step.source.quote} »
                  <footer>
                    Source : {step.source.ref ? <cite>{step.source.ref}</cite> : step.source.datasetLabel}
                  </footer>
                </blockquote>
              )}
              <ul className="links">
                {step.nodes.map((n) => (
                  <li key={n.id}>
                    <button type="button" className="linklike" onClick={() => setSelection({ kind: "node", id: n.id })}>{n.label}</button>{" "}
                    <Link className="small" to={`/explorer/${encodeURIComponent(n.id)}`}>explorer</Link>
                  </li>
                ))}
              </ul>
              <div className="pager">
                <button type="button" onClick={() => go(index - 1)} disabled={index === 0}>← Étape précédente</button>
                <button type="button" onClick={() => go(index + 1)} disabled={index >= total - 1}>Étape suivante →</button>
              </div>
            </article>
          )}
          {selected && (
            <NodeDetails
              node={selected}
              view={view}
              showDepth={false}
              onSelect={(nid) => setSelection({ kind: "node", id: nid })}
              actions={<Link className="button" to={`/explorer/${encodeURIComponent(selected.id)}`}>Explorer autour</Link>}
            />
          )}
        </aside>
      </div>
    </div>
  );
}
