// The graph explorer: start from a dispositif, an organisation or a territory, expand nodes,
// filter relations and thématiques, find the shortest paths between two nodes, and export the
// drawing for slides. Loaded on demand (React.lazy): cytoscape stays out of the other pages.

import { useCallback, useEffect, useMemo, useReducer, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import type { Core } from "cytoscape";
import { ApiError, request } from "../api";
import { graphql } from "../gql";
import type { ExplorerSuggestionsQuery } from "../gql/graphql";
import { ErrorBox, Loading, useTitle } from "../components";
import { GraphCanvas, LAYOUTS, type LayoutName, type Selection } from "../graph/GraphCanvas";
import { EdgeDetails, NodeDetails, Swatch } from "../graph/Details";
import { KINDS, NEIGHBOURHOOD, PATHS, RELATIONS, edgeKey, kindInfo, merge, relationInfo, type GPath, type GView } from "../graph/model";
import { exportGraph } from "../graph/export";
import { levelLabels } from "./Lists";

const FIND = graphql(`query ExplorerFind($text: String) {
  dispositifs(filter: { text: $text }, first: 6) { edges { node { id name typeLabel } } }
  organisations(filter: { text: $text }, first: 6) { edges { node { id name typeLabel } } }
  territories(filter: { text: $text }, first: 4) { edges { node { id name level } } }
}`);

type Found = { id: string; name: string; kind: string; detail: string | null };

const THEMATIQUES = graphql(`query ExplorerThematiques { thematiques { id name } }`);
const SUGGESTIONS = graphql(`query ExplorerSuggestions { parcoursList { id title steps { nodes { id kind label } } } }`);
const LIMIT: Record<number, number> = { 1: 200, 2: 500, 3: 500 };
const EMPTY: GView = { nodes: [], edges: [] };

// PathEnd remembers a node picked for the "chemin" tool, with its name for the form.
type PathEnd = { id: string; label: string } | null;

// The explorer's state: the graph shown, how it is drawn and filtered, what is selected, the
// "chemin" tool, and the requests under way. One reducer, so that each event (a start node
// loaded, a node expanded, paths found) changes what belongs together at once.
type State = {
  view: GView;
  loading: boolean;
  error: ApiError | null;
  layout: LayoutName;
  layoutKey: number;
  hidden: ReadonlySet<string>;
  thematique: string | null;
  themNames: Map<string, string>;
  selection: Selection;
  expanded: ReadonlySet<string>;
  // the node being expanded, or "chemin" while paths are searched
  busy: string | null;
  from: PathEnd;
  to: PathEnd;
  paths: GPath[] | null;
  pathIndex: number | null;
  notice: string | null;
  // the export takes the whole graph (else what is on screen)
  whole: boolean;
};

const initial: State = {
  view: EMPTY, loading: false, error: null, layout: "fcose", layoutKey: 0, hidden: new Set(), thematique: null,
  themNames: new Map(), selection: null, expanded: new Set(), busy: null, from: null, to: null, paths: null,
  pathIndex: null, notice: null, whole: true,
};

type Action =
  | { type: "start"; id: string | undefined }
  | { type: "started"; id: string; view: GView }
  | { type: "startFailed"; error: ApiError }
  | { type: "themNames"; names: Map<string, string> }
  | { type: "layout"; layout: LayoutName }
  | { type: "relayout" }
  | { type: "toggleRelation"; relation: string }
  | { type: "thematique"; thematique: string | null }
  | { type: "select"; selection: Selection }
  | { type: "whole"; whole: boolean }
  | { type: "from"; end: PathEnd }
  | { type: "to"; end: PathEnd }
  | { type: "pathIndex"; index: number | null }
  | { type: "clearPaths" }
  | { type: "expanding"; id: string }
  | { type: "expanded"; id: string; neighbourhood: GView; depth: number; notice: string }
  | { type: "pathsSearching" }
  | { type: "pathsFound"; paths: GPath[]; depth: number }
  | { type: "failed"; notice: string };

function reduce(s: State, a: Action): State {
  switch (a.type) {
    case "start": {
      const cleared = { ...s, view: EMPTY, selection: null, expanded: new Set<string>(), paths: null, notice: null };
      return a.id ? { ...cleared, loading: true, error: null } : cleared;
    }
    case "started":
      return { ...s, view: a.view, expanded: new Set([a.id]), selection: { kind: "node", id: a.id }, loading: false };
    case "startFailed":
      return { ...s, error: a.error, loading: false };
    case "themNames":
      return { ...s, themNames: a.names };
    case "layout":
      return { ...s, layout: a.layout };
    case "relayout":
      return { ...s, layoutKey: s.layoutKey + 1 };
    case "toggleRelation": {
      const hidden = new Set(s.hidden);
      if (hidden.has(a.relation)) hidden.delete(a.relation);
      else hidden.add(a.relation);
      return { ...s, hidden };
    }
    case "thematique":
      return { ...s, thematique: a.thematique };
    case "select":
      return { ...s, selection: a.selection };
    case "whole":
      return { ...s, whole: a.whole };
    case "from":
      return { ...s, from: a.end };
    case "to":
      return { ...s, to: a.end };
    case "pathIndex":
      return { ...s, pathIndex: a.index };
    case "clearPaths":
      return { ...s, paths: null, from: null, to: null, pathIndex: null };
    case "expanding":
      return { ...s, busy: a.id, notice: null };
    case "expanded":
      return { ...s, view: merge(s.view, a.neighbourhood, a.depth), expanded: new Set([...s.expanded, a.id]), notice: a.notice, busy: null };
    case "pathsSearching":
      return { ...s, busy: "chemin", paths: null, pathIndex: null };
    case "pathsFound": {
      // the paths' nodes join the view, one step further than the start's neighbourhood when new
      let v = s.view;
      for (const p of a.paths) v = merge(v, { nodes: p.nodes.map((n) => ({ ...n, depth: s.view.nodes.find((x) => x.id === n.id)?.depth ?? a.depth + 1 })), edges: p.edges });
      return { ...s, paths: a.paths, view: v, busy: null };
    }
    case "failed":
      return { ...s, notice: a.notice, busy: null };
  }
}

export function ExplorerPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const navigate = useNavigate();
  const depth = Math.min(3, Math.max(1, Number(params.get("profondeur")) || 1));
  const [state, dispatch] = useReducer(reduce, initial);
  const { view, loading, error, layout, layoutKey, hidden, thematique, themNames, selection, expanded, busy, from, to, paths, pathIndex, notice, whole } = state;
  const cy = useRef<Core | null>(null);
  const start = view.nodes.find((n) => n.id === id);
  useTitle(start ? `Graphe : ${start.label}` : "Explorer le graphe");

  // the start node and its neighbourhood
  useEffect(() => {
    dispatch({ type: "start", id });
    if (!id) return;
    let live = true;
    request(NEIGHBOURHOOD, { id, depth, limit: LIMIT[depth] })
      .then((d) => live && dispatch({ type: "started", id, view: d.neighbourhood }))
      .catch((e: ApiError) => live && dispatch({ type: "startFailed", error: e }));
    return () => {
      live = false;
    };
  }, [id, depth]);

  useEffect(() => {
    request(THEMATIQUES)
      .then((d) => dispatch({ type: "themNames", names: new Map(d.thematiques.map((t) => [t.id, t.name])) }))
      .catch(() => undefined);
  }, []);

  const relations = useMemo(() => {
    const present = new Set(view.edges.map((e) => e.type));
    return RELATIONS.filter((r) => present.has(r.type) || hidden.has(r.type));
  }, [view.edges, hidden]);
  const kinds = useMemo(() => KINDS.map((k) => ({ ...k, count: view.nodes.filter((n) => n.kind === k.kind).length })).filter((k) => k.count > 0), [view.nodes]);
  const themes = useMemo(() => {
    const ids = new Set(view.nodes.flatMap((n) => n.thematiques));
    if (thematique) ids.add(thematique);
    return [...ids].map((t) => ({ id: t, name: themNames.get(t) ?? view.nodes.find((n) => n.id === t)?.label ?? t })).sort((a, b) => a.name.localeCompare(b.name, "fr"));
  }, [view.nodes, themNames, thematique]);

  const activeRelations = useMemo(() => (hidden.size ? RELATIONS.map((r) => r.type).filter((t) => !hidden.has(t)) : null), [hidden]);

  const expand = useCallback(
    (nodeId: string) => {
      const n = view.nodes.find((x) => x.id === nodeId);
      dispatch({ type: "expanding", id: nodeId });
      request(NEIGHBOURHOOD, { id: nodeId, depth: 1, relations: activeRelations, limit: 150 })
        .then((d) => {
          const added = d.neighbourhood.nodes.filter((x) => !view.nodes.some((y) => y.id === x.id)).length;
          const notice = added
            ? `${added} nœud${added > 1 ? "s" : ""} ajouté${added > 1 ? "s" : ""} autour de « ${n?.label ?? nodeId} ».`
            : `« ${n?.label ?? nodeId} » n'a pas d'autre voisin.`;
          dispatch({ type: "expanded", id: nodeId, neighbourhood: d.neighbourhood, depth: n?.depth ?? 0, notice });
        })
        .catch((e: ApiError) => dispatch({ type: "failed", notice: e.message }));
    },
    [view, activeRelations],
  );

  const findPaths = () => {
    if (!from || !to) return;
    dispatch({ type: "pathsSearching" });
    request(PATHS, { from: from.id, to: to.id, maxHops: 6, relations: activeRelations })
      .then((d) => dispatch({ type: "pathsFound", paths: d.paths, depth }))
      .catch((e: ApiError) => dispatch({ type: "failed", notice: e.message }));
  };

  const highlight = useMemo(() => {
    if (!paths?.length) return null;
    const shown = pathIndex == null ? paths : [paths[pathIndex]];
    return { nodes: [...new Set(shown.flatMap((p) => p.nodes.map((n) => n.id)))], edges: [...new Set(shown.flatMap((p) => p.edges.map(edgeKey)))] };
  }, [paths, pathIndex]);

  const selectedNode = selection?.kind === "node" ? view.nodes.find((n) => n.id === selection.id) : undefined;
  const selectedEdge = selection?.kind === "edge" ? view.edges.find((e) => edgeKey(e) === selection.id) : undefined;
  const select = (nodeId: string) => dispatch({ type: "select", selection: { kind: "node", id: nodeId } });
  const toggleRelation = (type: string) => dispatch({ type: "toggleRelation", relation: type });
  const doExport = (format: "png" | "svg") => {
    if (!cy.current) return;
    exportGraph(cy.current, format, whole, start?.label ?? "graphe");
  };
  const zoom = (factor: number) => {
    const c = cy.current;
    if (!c) return;
    c.zoom({ level: c.zoom() * factor, renderedPosition: { x: c.width() / 2, y: c.height() / 2 } });
  };

  return (
    <div className="explorer">
      <header className="explorer-head">
        <h1>{start ? start.label : "Explorer le graphe"}</h1>
        {start && <p className="muted">{kindInfo(start.kind).label} — qui opère, finance, coordonne ou oriente vers qui</p>}
        {!id && (
          <p>
            Choisissez un point de départ : un dispositif, une organisation ou un territoire. Double-cliquez sur un nœud pour
            déplier ses voisins. Pour un parcours commenté, voyez les <Link to="/parcours">parcours de formation</Link>.
          </p>
        )}
      </header>
      <StartSearch
        onPick={(f) => navigate(`/explorer/${encodeURIComponent(f.id)}${depth > 1 ? `?profondeur=${depth}` : ""}`)}
        onFrom={(f) => dispatch({ type: "from", end: { id: f.id, label: f.name } })}
        onTo={(f) => dispatch({ type: "to", end: { id: f.id, label: f.name } })}
      />
      {!id && <Suggestions />}
      {error && <ErrorBox error={error} />}
      {loading && <Loading />}
      {id && !error && (
        <div className="explorer-grid">
          <section className="graph-panel" aria-label="Graphe">
            <div className="toolbar">
              <label>
                Disposition{" "}
                <select value={layout} onChange={(e) => dispatch({ type: "layout", layout: e.target.value as LayoutName })}>
                  {LAYOUTS.map((l) => <option key={l.name} value={l.name}>{l.label}</option>)}
                </select>
              </label>
              <button type="button" className="secondary" onClick={() => dispatch({ type: "relayout" })}>Redisposer</button>
              <label>
                Profondeur{" "}
                <select value={depth} onChange={(e) => setParams(e.target.value === "1" ? {} : { profondeur: e.target.value })}>
                  <option value="1">1 relation</option>
                  <option value="2">2 relations</option>
                  <option value="3">3 relations</option>
                </select>
              </label>
              <span className="zoom">
                <button type="button" className="secondary" aria-label="Zoom avant" onClick={() => zoom(1.25)}>+</button>
                <button type="button" className="secondary" aria-label="Zoom arrière" onClick={() => zoom(0.8)}>−</button>
                <button type="button" className="secondary" onClick={() => cy.current?.fit(undefined, 30)}>Tout voir</button>
              </span>
            </div>
            <GraphCanvas
              view={view}
              root={id}
              layout={layout}
              layoutKey={layoutKey}
              hiddenRelations={hidden}
              thematique={thematique}
              highlight={highlight}
              selected={selection}
              onSelect={(selection) => dispatch({ type: "select", selection })}
              onExpand={expand}
              onReady={(c) => (cy.current = c)}
              label={`Graphe autour de ${start?.label ?? id} : ${view.nodes.length} nœuds, ${view.edges.length} relations`}
            />
            <p className="muted small" role="status">
              {view.nodes.length.toLocaleString("fr-FR")} nœuds, {view.edges.length.toLocaleString("fr-FR")} relations.
              {view.truncated && " Vue limitée : certains voisins éloignés ne sont pas affichés."}
              {busy && " Chargement…"} {notice}
            </p>
            <div className="legend" aria-label="Légende">
              <ul>
                {kinds.map((k) => (
                  <li key={k.kind}><Swatch kind={k.kind} /> {k.plural} <span className="muted">({k.count})</span></li>
                ))}
              </ul>
            </div>
            <div className="export">
              <span>Exporter la vue pour une présentation :</span>{" "}
              <button type="button" className="secondary" data-export="png" onClick={() => doExport("png")}>Image PNG</button>{" "}
              <button type="button" className="secondary" data-export="svg" onClick={() => doExport("svg")}>Dessin SVG</button>{" "}
              <label className="small"><input type="checkbox" checked={whole} onChange={(e) => dispatch({ type: "whole", whole: e.target.checked })} /> tout le graphe (sinon ce qui est à l'écran)</label>
            </div>
          </section>

          <aside className="side" aria-label="Détails et outils">
            {selectedNode ? (
              <NodeDetails
                node={selectedNode}
                view={view}
                hidden={hidden}
                onSelect={select}
                actions={
                  <>
                    <button type="button" className="expand" onClick={() => expand(selectedNode.id)} disabled={busy === selectedNode.id}>
                      {expanded.has(selectedNode.id) ? "Déplier à nouveau" : "Déplier les voisins"}
                    </button>
                    {selectedNode.id !== id && (
                      <Link className="button secondary" to={`/explorer/${encodeURIComponent(selectedNode.id)}`}>Partir de ce nœud</Link>
                    )}
                    <PinButton cy={cy.current} id={selectedNode.id} />
                    <button type="button" className="secondary path-from" onClick={() => dispatch({ type: "from", end: { id: selectedNode.id, label: selectedNode.label } })}>Départ du chemin</button>
                    <button type="button" className="secondary path-to" onClick={() => dispatch({ type: "to", end: { id: selectedNode.id, label: selectedNode.label } })}>Arrivée du chemin</button>
                  </>
                }
              />
            ) : selectedEdge ? (
              <EdgeDetails edge={selectedEdge} view={view} onSelect={select} />
            ) : (
              <p className="muted details">Cliquez sur un nœud ou une relation pour en voir le détail ; double-cliquez sur un nœud pour déplier ses voisins.</p>
            )}

            <section className="tool" aria-labelledby="filtres">
              <h2 id="filtres">Filtres</h2>
              <fieldset className="relation-filter">
                <legend>Relations</legend>
                {relations.map((r) => (
                  <label key={r.type}>
                    <input type="checkbox" name="relation" value={r.type} checked={!hidden.has(r.type)} onChange={() => toggleRelation(r.type)} />{" "}
                    <span className={`line${r.dashed ? " dashed" : ""}`} style={{ borderColor: r.color }} aria-hidden="true" /> {r.label}{" "}
                    <span className="muted">({view.edges.filter((e) => e.type === r.type).length})</span>
                  </label>
                ))}
              </fieldset>
              <label className="block-label">
                Thématique{" "}
                <select value={thematique ?? ""} onChange={(e) => dispatch({ type: "thematique", thematique: e.target.value || null })}>
                  <option value="">Toutes</option>
                  {themes.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
                </select>
              </label>
            </section>

            <section className="tool" aria-labelledby="chemin">
              <h2 id="chemin">Chemin entre deux nœuds</h2>
              <p className="small muted">Choisissez un départ et une arrivée (depuis le détail d'un nœud ou la recherche) : Maillage montre les plus courts chemins.</p>
              <dl className="facts">
                <dt>Départ</dt><dd>{from ? from.label : <span className="unknown">à choisir</span>}</dd>
                <dt>Arrivée</dt><dd>{to ? to.label : <span className="unknown">à choisir</span>}</dd>
              </dl>
              <div className="actions">
                <button type="button" className="find-paths" onClick={findPaths} disabled={!from || !to || busy === "chemin"}>Trouver les chemins</button>
                {(paths || from || to) && (
                  <button type="button" className="secondary" onClick={() => dispatch({ type: "clearPaths" })}>Effacer</button>
                )}
              </div>
              {paths && (
                <div className="paths" aria-live="polite">
                  {paths.length === 0 ? (
                    <p>Aucun chemin de 6 relations au plus entre ces deux nœuds.</p>
                  ) : (
                    <ol>
                      {paths.map((p, i) => (
                        <li key={i}>
                          <button type="button" className={`linklike${pathIndex === i ? " active" : ""}`} aria-pressed={pathIndex === i}
                            onClick={() => dispatch({ type: "pathIndex", index: pathIndex === i ? null : i })}>
                            Chemin {i + 1} : {p.length} relation{p.length > 1 ? "s" : ""}
                          </button>
                          <ol className="path-steps">
                            {p.nodes.map((n, j) => {
                              // the relation that leads to this node, read in its own direction
                              const e = j > 0 ? p.edges[j - 1] : null;
                              const prev = j > 0 ? p.nodes[j - 1] : null;
                              const sentence = e && prev ? (e.from === prev.id ? `${prev.label} ${e.label} ${n.label}` : `${n.label} ${e.label} ${prev.label}`) : "";
                              return (
                                <li key={j}>
                                  {e && prev && (
                                    <span className="path-rel muted" title={sentence}>
                                      <span aria-hidden="true">{e.from === prev.id ? "↓" : "↑"}</span> {e.label}
                                      <span className="visually-hidden"> : {sentence}</span>
                                    </span>
                                  )}
                                  <button type="button" className="linklike" onClick={() => select(n.id)}>{n.label}</button>
                                </li>
                              );
                            })}
                          </ol>
                        </li>
                      ))}
                    </ol>
                  )}
                </div>
              )}
            </section>

            <details className="tool node-list">
              <summary>Liste des {view.nodes.length} nœuds affichés</summary>
              <ul>
                {[...view.nodes].sort((a, b) => a.depth - b.depth || a.label.localeCompare(b.label, "fr")).map((n) => (
                  <li key={n.id}>
                    <button type="button" className="linklike" data-node={n.id} onClick={() => select(n.id)}>
                      <Swatch kind={n.kind} /> {n.label}
                    </button>
                    {n.kind === "Territory" && n.type && <span className="muted small"> {levelLabels[n.type] ?? n.type}</span>}
                  </li>
                ))}
              </ul>
            </details>
            <p className="small muted">Relations : {relations.map((r) => relationInfo(r.type).label).join(", ") || "aucune"}.</p>
          </aside>
        </div>
      )}
    </div>
  );
}

// Suggestions offers the parcours' first nodes as starting points, for a first visit.
function Suggestions() {
  const [list, setList] = useState<ExplorerSuggestionsQuery["parcoursList"]>([]);
  useEffect(() => {
    request(SUGGESTIONS)
      .then((d) => setList(d.parcoursList))
      .catch(() => undefined);
  }, []);
  const starts = list
    .map((p) => ({ p, n: p.steps.flatMap((s) => s.nodes).find((n) => n.kind === "Dispositif") }))
    .filter((x): x is { p: (typeof list)[number]; n: { id: string; kind: string; label: string } } => !!x.n);
  if (!starts.length) return null;
  return (
    <section className="block" aria-labelledby="suggestions">
      <h2 id="suggestions">Pour commencer</h2>
      <ul className="links">
        {starts.map(({ p, n }) => (
          <li key={p.id}>
            <Link to={`/explorer/${encodeURIComponent(n.id)}`}>{n.label}</Link>{" "}
            <span className="muted small">— du parcours <Link to={`/parcours/${encodeURIComponent(p.id)}`}>{p.title}</Link></span>
          </li>
        ))}
      </ul>
    </section>
  );
}

// StartSearch finds a start node by name among dispositifs, organisations and territories.
function StartSearch({ onPick, onFrom, onTo }: { onPick: (f: Found) => void; onFrom: (f: Found) => void; onTo: (f: Found) => void }) {
  const [draft, setDraft] = useState("");
  const [found, setFound] = useState<Found[] | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const text = draft.trim();
    if (!text) return;
    setError(null);
    request(FIND, { text })
      .then((d) =>
        setFound([
          ...d.dispositifs.edges.map(({ node: n }) => ({ id: n.id, name: n.name, kind: "Dispositif", detail: n.typeLabel })),
          ...d.organisations.edges.map(({ node: n }) => ({ id: n.id, name: n.name, kind: "Organisation", detail: n.typeLabel })),
          ...d.territories.edges.map(({ node: n }) => ({ id: n.id, name: n.name, kind: "Territory", detail: levelLabels[n.level] ?? n.level })),
        ]),
      )
      .catch((e: ApiError) => setError(e));
  };
  return (
    <div className="start-search">
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="graphe-q">Point de départ : un dispositif, une organisation ou un territoire</label>
        <div className="search-row">
          <input id="graphe-q" type="search" value={draft} onChange={(e) => setDraft(e.target.value)} placeholder="ex. SIAO, Samusocial, Cantal" autoComplete="off" />
          <button type="submit">Chercher</button>
        </div>
      </form>
      {error && <ErrorBox error={error} />}
      {found && (
        <div className="found" aria-live="polite">
          {found.length === 0 ? (
            <p className="muted">Aucun résultat pour « {draft} ».</p>
          ) : (
            <ul>
              {found.map((f) => (
                <li key={f.id}>
                  <Swatch kind={f.kind} />{" "}
                  <button type="button" className="linklike" data-id={f.id} onClick={() => { setFound(null); setDraft(""); onPick(f); }}>{f.name}</button>
                  {f.detail && <span className="muted small"> — {f.detail}</span>}{" "}
                  <span className="pick">
                    <button type="button" className="mini" onClick={() => onFrom(f)} aria-label={`${f.name} : départ du chemin`}>départ</button>
                    <button type="button" className="mini" onClick={() => onTo(f)} aria-label={`${f.name} : arrivée du chemin`}>arrivée</button>
                  </span>
                </li>
              ))}
            </ul>
          )}
          <button type="button" className="linklike small" onClick={() => setFound(null)}>Fermer les résultats</button>
        </div>
      )}
    </div>
  );
}

// PinButton keeps a node where it is: the layouts run again (an expansion, « Redisposer ») move
// the others around it. A pinned node is locked in the drawing, and drawn with a thick border.
function PinButton({ cy, id }: { cy: Core | null; id: string }) {
  const node = cy?.getElementById(id);
  const [pinned, setPinned] = useState(() => !!node?.locked());
  useEffect(() => setPinned(!!cy?.getElementById(id).locked()), [cy, id]);
  if (!node || node.empty()) return null;
  const toggle = () => {
    if (node.locked()) node.unlock().removeClass("pinned");
    else node.lock().addClass("pinned");
    setPinned(node.locked());
  };
  return (
    <button type="button" className="secondary pin" aria-pressed={pinned} onClick={toggle}>
      {pinned ? "Libérer ce nœud" : "Épingler ce nœud à sa place"}
    </button>
  );
}
