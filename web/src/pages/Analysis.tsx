// « Territoire » : the SIAO's analysis of a territory for its comité stratégique — a map shaded
// by coverage, the coverage matrix as a heat table with drill-down to the listings, the
// prioritised gaps, the graph diagnostics, CSV downloads and a printable version.
import { useEffect, useMemo, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useNavigate, useParams, useSearchParams } from "react-router";
import { useQuery } from "../useQuery";
import { graphql } from "../gql";
import type { CoverageDimension, CoverageQuery, CoverageCellFieldsFragment, CoverageRowFieldsFragment } from "../gql/graphql";
import { ErrorBox, Loading, useTitle } from "../components";
import { levelLabels } from "./Lists";
import { CoverageMap, type MapValue } from "../analysis/CoverageMap";
import { RAMP, dispositifsUnit, placesUnit, scaleOf } from "../analysis/scale";

// the figures of a cell and a row of the coverage matrix, shared by its rows, unallocated line and totals
export const COVERAGE_CELL = graphql(`fragment CoverageCellFields on CoverageCell { dispositifs partial temporarilyClosed places placesDeclared placesPer10k gap }`);
export const COVERAGE_ROW = graphql(`fragment CoverageRowFields on CoverageRow {
  territory { id code name level population } cells { ...CoverageCellFields } total { ...CoverageCellFields }
}`);
const COVERAGE = graphql(`query Coverage($t: String!, $by: [CoverageDimension!]!, $level: String) {
  coverage(territory: $t, by: $by, rowLevel: $level) {
    territory { id code name level population } dimensions rowLevel
    columns { key label unknown }
    rows { ...CoverageRowFields }
    unallocated { ...CoverageRowFields }
    totals { ...CoverageCellFields } total { ...CoverageCellFields } notes
  }
}`);
type Matrix = CoverageQuery["coverage"];
type Row = CoverageRowFieldsFragment;
type Cell = CoverageCellFieldsFragment;
type Column = Matrix["columns"][number];

const BREAKDOWNS: Record<string, { enum: CoverageDimension; label: string; value: string }> = {
  public: { enum: "PUBLIC", label: "Public", value: "Public" },
  thematique: { enum: "THEMATIQUE", label: "Thématique", value: "Thématique" },
  type: { enum: "TYPE", label: "Type de dispositif", value: "Type" },
};
const dimensionLabel: Record<string, string> = { public: "public", thematique: "thématique", "sous-thematique": "sous-thématique", type: "type de dispositif" };

const QUICK = [
  { id: "dep-52", name: "Haute-Marne" },
  { id: "dep-93", name: "Seine-Saint-Denis" },
  { id: "dep-75", name: "Paris" },
  { id: "dep-15", name: "Cantal" },
  { id: "fr", name: "France" },
];

const nf = (v: number, d = 0) => v.toLocaleString("fr-FR", { maximumFractionDigits: d });

// ---------------------------------------------------------------------------------------------
// Territory picker

const FIND = graphql(`query AnalysisTerritories($text: String) { territories(filter: {text: $text}, first: 8) { edges { node { id name level code } } } }`);

function TerritoryPicker({ current }: { current?: string }) {
  const [draft, setDraft] = useState("");
  const [text, setText] = useState("");
  const { data, loading } = useQuery(FIND, { text }, { skip: !text });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setText(draft.trim());
  };
  const found = text ? data?.territories?.edges.map((e) => e.node) ?? [] : [];
  return (
    <div className="territory-picker">
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="analyse-territoire">Territoire (code ou nom de département, commune, région)</label>
        <div className="search-row">
          <input id="analyse-territoire" type="search" value={draft} placeholder="ex. 52, Cantal, Saint-Denis" onChange={(e) => setDraft(e.target.value)} />
          <button type="submit">Chercher</button>
        </div>
      </form>
      {text && loading && <Loading />}
      {text && !loading && (
        found.length ? (
          <ul className="links found-territories" aria-label="Territoires trouvés">
            {found.map((t) => (
              <li key={t.id}><Link to={`/analyse/${t.id}`}>{t.name}</Link> <span className="muted">({levelLabels[t.level] ?? t.level} · {t.code})</span></li>
            ))}
          </ul>
        ) : <p className="muted">Aucun territoire ne correspond à « {text} ».</p>
      )}
      <p className="quick small">
        <span className="muted">Accès rapide : </span>
        {QUICK.map((q, i) => (
          <span key={q.id}>{i > 0 && " · "}{q.id === current ? <strong>{q.name}</strong> : <Link to={`/analyse/${q.id}`}>{q.name}</Link>}</span>
        ))}
      </p>
    </div>
  );
}

// ---------------------------------------------------------------------------------------------
// Drill-down: the dispositifs behind a cell

const LISTINGS = graphql(`query CoverageListings($t: String!, $by: [CoverageDimension!]!, $level: String, $row: ID, $column: String) {
  coverageListings(territory: $t, by: $by, rowLevel: $level, row: $row, column: $column) {
    dispositif { id name type typeLabel status } partial places etp
  }
}`);
type Selection = { row: string | null; rowName: string; column: string | null; columnLabel: string | null };

function Listings({ territory, by, level, sel, onClose }: { territory: string; by: string; level: string | null; sel: Selection; onClose: () => void }) {
  const { data, error, loading } = useQuery(LISTINGS, {
    t: territory, by: [BREAKDOWNS[by].enum], level, row: sel.row, column: sel.column,
  });
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, [sel.row, sel.column]);
  const list = data?.coverageListings ?? [];
  return (
    <section className="block listings-panel" aria-labelledby="selection-titre">
      <h2 id="selection-titre" ref={heading} tabIndex={-1}>
        Dispositifs — {sel.rowName}{sel.columnLabel ? ` × ${sel.columnLabel}` : ""}{data ? ` (${list.length})` : ""}
      </h2>
      {loading && <Loading />}
      {error && <ErrorBox error={error} />}
      {data && (list.length ? (
        <ul className="links selection-list">
          {list.map((l) => (
            <li key={l.dispositif.id}>
              <Link to={`/dispositifs/${l.dispositif.id}`}>{l.dispositif.name}</Link>
              <span className="muted">
                {l.dispositif.typeLabel ? ` — ${l.dispositif.typeLabel}` : ""}
                {l.partial ? " — couvre une partie du territoire" : ""}
                {l.places != null ? ` — ${nf(l.places)} places` : ""}
                {l.dispositif.status !== "active" ? " — fermé temporairement" : ""}
              </span>
            </li>
          ))}
        </ul>
      ) : <p>Aucun dispositif : c'est un manque.</p>)}
      <button type="button" className="secondary mini-button no-print" onClick={onClose}>Fermer la sélection</button>
    </section>
  );
}

// ---------------------------------------------------------------------------------------------
// The heat table

type Sort = "population" | "nom" | "total";
const ROWS_SHOWN = 40;

function HeatTable({ m, selectedColumn, onPickColumn, onSelect }: {
  m: Matrix; selectedColumn: number; onPickColumn: (i: number) => void; onSelect: (s: Selection) => void;
}) {
  const [sort, setSort] = useState<{ by: Sort; desc: boolean }>({ by: "population", desc: true });
  const [all, setAll] = useState(false);
  const [hideEmpty, setHideEmpty] = useState(false);
  const rows = useMemo(() => {
    const r = [...m.rows];
    const k = (x: Row) => (sort.by === "population" ? x.territory.population ?? -1 : sort.by === "total" ? x.total.dispositifs : 0);
    r.sort((a, b) => (sort.by === "nom" ? a.territory.name.localeCompare(b.territory.name, "fr") : k(a) - k(b)) * (sort.desc ? -1 : 1));
    return r;
  }, [m.rows, sort]);
  const scale = useMemo(() => scaleOf(m.rows.flatMap((r) => r.cells.map((c) => c.dispositifs)), dispositifsUnit), [m.rows]);
  const cols = m.columns.map((c, i) => ({ c, i })).filter(({ i }) => !hideEmpty || m.totals[i].dispositifs > 0);
  const shown = all ? rows : rows.slice(0, ROWS_SHOWN);
  const sortButton = (by: Sort, label: string) => {
    const active = sort.by === by;
    return (
      <button type="button" className="linklike" onClick={() => setSort({ by, desc: active ? !sort.desc : by !== "nom" })}>
        {label}{active ? (sort.desc ? " ↓" : " ↑") : ""}
      </button>
    );
  };
  const ariaSort = (by: Sort) => (sort.by === by ? (sort.desc ? "descending" : "ascending") : undefined);
  const cell = (c: Cell, row: Row | null, col: { c: Column; i: number } | null) => {
    const color = c.gap ? undefined : scale.colors[scale.classOf(c.dispositifs)];
    const cls = c.gap ? "heat gap" : RAMP.indexOf(color ?? "") >= 3 ? "heat dark" : "heat";
    const style = color ? { background: color } : undefined;
    // the unallocated zone has no listing of its own: its cells list the whole territory's
    const rowName = row && row.territory.id ? row.territory.name : `${m.territory.name}${row ? " (tout le territoire)" : ""}`;
    const label = `${rowName}${col ? ` × ${col.c.label}` : ""} : ${c.gap ? "aucun dispositif (manque)" : dispositifsUnit(c.dispositifs)}${c.places != null ? `, ${nf(c.places)} places` : ""}`;
    return (
      <td className={cls + (col && col.i === selectedColumn ? " picked" : "")} style={style}>
        <button type="button" aria-label={label} title={label} onClick={() => onSelect({ row: row?.territory.id || null, rowName, column: col ? col.c.key : null, columnLabel: col ? col.c.label : null })}>
          {c.gap ? "0" : nf(c.dispositifs)}
          {c.places != null && <span className="places">{nf(c.places)} pl.</span>}
        </button>
      </td>
    );
  };
  return (
    <>
      <div className="toolbar no-print">
        <label className="check"><input type="checkbox" checked={hideEmpty} onChange={(e) => setHideEmpty(e.target.checked)} /> Masquer les valeurs sans aucune offre</label>
        {m.rows.length > ROWS_SHOWN && (
          <button type="button" className="secondary mini-button" onClick={() => setAll(!all)}>
            {all ? `N'afficher que ${ROWS_SHOWN} lignes` : `Afficher les ${nf(m.rows.length)} lignes`}
          </button>
        )}
      </div>
      <div className="table-wrap heat-wrap" tabIndex={0} role="region" aria-label="Tableau de couverture (défilement horizontal)">
        <table className="table heat-table">
          <caption className="visually-hidden">Dispositifs par sous-territoire et par valeur ; cliquer une case liste ses dispositifs.</caption>
          <thead>
            <tr>
              <th scope="col" aria-sort={ariaSort("nom")}>{sortButton("nom", "Territoire")}</th>
              <th scope="col" aria-sort={ariaSort("population")} className="num">{sortButton("population", "Population")}</th>
              {cols.map(({ c, i }) => (
                <th key={c.key + i} scope="col" className={"value-head" + (i === selectedColumn ? " picked" : "")}>
                  <button type="button" className="linklike" aria-pressed={i === selectedColumn} onClick={() => onPickColumn(i)} title={`Afficher « ${c.label} » sur la carte`}>
                    <span>{c.label}</span>
                  </button>
                </th>
              ))}
              <th scope="col" aria-sort={ariaSort("total")} className="num">{sortButton("total", "Total")}</th>
            </tr>
          </thead>
          <tbody>
            {shown.map((r) => (
              <tr key={r.territory.id}>
                <th scope="row"><Link to={`/territoires/${r.territory.id}`}>{r.territory.name}</Link></th>
                <td className="num">{r.territory.population != null ? nf(r.territory.population) : "—"}</td>
                {cols.map(({ c, i }) => <CellSlot key={c.key + i}>{cell(r.cells[i], r, { c, i })}</CellSlot>)}
                {cell(r.total, r, null)}
              </tr>
            ))}
            {m.unallocated && (
              <tr className="unallocated">
                <th scope="row">{m.unallocated.territory.name}</th>
                <td className="num">—</td>
                {cols.map(({ c, i }) => <CellSlot key={c.key + i}>{cell(m.unallocated!.cells[i], m.unallocated, { c, i })}</CellSlot>)}
                {cell(m.unallocated.total, m.unallocated, null)}
              </tr>
            )}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Total {m.territory.name}</th>
              <td className="num">{m.territory.population != null ? nf(m.territory.population) : "—"}</td>
              {cols.map(({ c, i }) => <CellSlot key={c.key + i}>{cell(m.totals[i], null, { c, i })}</CellSlot>)}
              {cell(m.total, null, null)}
            </tr>
          </tfoot>
        </table>
      </div>
      {!all && m.rows.length > ROWS_SHOWN && <p className="muted small">{ROWS_SHOWN} lignes sur {nf(m.rows.length)} (triées) ; le fichier CSV les contient toutes.</p>}
    </>
  );
}

const CellSlot = ({ children }: { children: ReactNode }) => <>{children}</>;

// ---------------------------------------------------------------------------------------------
// Gaps

const GAPS = graphql(`query Gaps($t: String!) { gaps(territory: $t) {
  rowLevel dimensions notes priorityRule
  gaps { rank priority kind value { dimension value label } territories { id name level } population populationShare reason namedBy priorityReason }
} }`);

const kindLabels: Record<string, string> = { absence: "Absence", "sous-territoires-sans-offre": "Sous-territoires sans offre", "capacite-faible": "Capacité faible" };
const GAPS_SHOWN = 15;

function GapList({ territory }: { territory: string }) {
  const { data, error, loading } = useQuery(GAPS, { t: territory });
  const [all, setAll] = useState(false);
  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const gaps = data?.gaps.gaps ?? [];
  if (!gaps.length) return <p>Aucun manque détecté.</p>;
  return (
    <>
      <p className="small priority-rule">{data!.gaps.priorityRule}</p>
      <ol className="gap-list">
        {(all ? gaps : gaps.slice(0, GAPS_SHOWN)).map((g) => (
          <li key={g.rank} className={`gap-item priority-${g.priority}`}>
            <p className="gap-head">
              <span className="rank">n° {g.rank}</span>{" "}
              <span className={`badge priority ${g.priority}`}>Priorité {g.priority}</span>{" "}
              <strong>{g.value.label}</strong> <span className="muted">({dimensionLabel[g.value.dimension] ?? g.value.dimension} · {kindLabels[g.kind] ?? g.kind})</span>
            </p>
            <p className="gap-reason">{g.reason}</p>
            <p className="small muted gap-priority">Priorité {g.priority} : {g.priorityReason.charAt(0).toLowerCase() + g.priorityReason.slice(1)}</p>
            {g.territories.length > 0 && g.kind !== "absence" && (
              <p className="small muted">
                Territoires : {g.territories.slice(0, 8).map((t, i) => <span key={t.id}>{i > 0 && ", "}<Link to={`/territoires/${t.id}`}>{t.name}</Link></span>)}
                {g.territories.length > 8 && ` et ${g.territories.length - 8} autres`}
              </p>
            )}
          </li>
        ))}
      </ol>
      {gaps.length > GAPS_SHOWN && (
        <button type="button" className="secondary mini-button no-print" onClick={() => setAll(!all)}>
          {all ? `N'afficher que les ${GAPS_SHOWN} premiers` : `Afficher les ${gaps.length} manques`}
        </button>
      )}
      {data!.gaps.notes.length > 0 && <ul className="notes small muted">{data!.gaps.notes.map((n) => <li key={n}>{n}</li>)}</ul>}
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// Diagnostics

const DIAGNOSTICS = graphql(`query Diagnostics($t: String!) { diagnostics(territory: $t) {
  dispositifs summary
  noOperator { dispositif { id name type typeLabel status } reason }
  isolated { dispositif { id name type typeLabel status } reason }
  deadEnds { dispositif { id name type typeLabel status } referrers { id kind name } status reason }
  singleOperator { value { dimension label } organisation { id kind name } dispositifs { id name } reason }
  singleReferrer { dispositif { id name type typeLabel status } referrer { id kind name } reason }
  noServiceArea { dispositif { id name type typeLabel status } reason }
  stale { months total stale neverVerified share listings { dispositif { id name type typeLabel status } reference basis reason } }
} }`);
type RD = { id: string; name: string; type?: string | null; typeLabel?: string | null; status?: string };
type Actor = { id: string; kind: string; name: string };

function ActorLink({ a }: { a: Actor }) {
  if (a.kind === "Organisation") return <Link to={`/organisations/${a.id}`}>{a.name}</Link>;
  if (a.kind === "Dispositif") return <Link to={`/dispositifs/${a.id}`}>{a.name}</Link>;
  return <span>{a.name}</span>;
}

function IssueList({ title, items, render }: { title: string; items: unknown[]; render: (i: number) => ReactNode }) {
  return (
    <div className="diag-list">
      <h3>{title} ({items.length})</h3>
      {items.length ? <ul className="links">{items.map((_, i) => <li key={i}>{render(i)}</li>)}</ul> : <p className="muted small">Aucun.</p>}
    </div>
  );
}

function DiagnosticsPanel({ territory }: { territory: string }) {
  const { data, error, loading } = useQuery(DIAGNOSTICS, { t: territory });
  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const d = data!.diagnostics;
  const dl = (x: RD) => <Link to={`/dispositifs/${x.id}`}>{x.name}</Link>;
  const reason = (r: string) => <span className="muted"> — {r}</span>;
  return (
    <>
      <ul className="diag-summary">{d.summary.map((s) => <li key={s}>{s}</li>)}</ul>
      <IssueList title="Sans opérateur" items={d.noOperator} render={(i) => <>{dl(d.noOperator[i].dispositif)}{reason(d.noOperator[i].reason)}</>} />
      <IssueList title="Isolés (aucun lien d'orientation)" items={d.isolated} render={(i) => <>{dl(d.isolated[i].dispositif)}{reason(d.isolated[i].reason)}</>} />
      <IssueList title="Impasses d'orientation" items={d.deadEnds} render={(i) => {
        const e = d.deadEnds[i];
        return <>{dl(e.dispositif)} <span className="badge">{e.status === "impasse" ? "impasse" : "à vérifier"}</span>{reason(e.reason)}{e.referrers.length > 0 && <> Prescripteurs : {e.referrers.map((a, j) => <span key={a.id}>{j > 0 && ", "}<ActorLink a={a} /></span>)}</>}</>;
      }} />
      <IssueList title="Offre dépendant d'une seule organisation" items={d.singleOperator} render={(i) => {
        const s = d.singleOperator[i];
        return <><strong>{s.value.label}</strong> ({dimensionLabel[s.value.dimension] ?? s.value.dimension}) : <ActorLink a={s.organisation} /> — {s.dispositifs.map((x, j) => <span key={x.id}>{j > 0 && ", "}{dl(x)}</span>)}{reason(s.reason)}</>;
      }} />
      <IssueList title="Accessibles sur orientation d'un seul acteur" items={d.singleReferrer} render={(i) => <>{dl(d.singleReferrer[i].dispositif)} ← <ActorLink a={d.singleReferrer[i].referrer} />{reason(d.singleReferrer[i].reason)}</>} />
      <IssueList title="Sans zone d'intervention renseignée" items={d.noServiceArea} render={(i) => <>{dl(d.noServiceArea[i].dispositif)}{reason(d.noServiceArea[i].reason)}</>} />
      <div className="diag-list">
        <h3>Fiches à vérifier ({d.stale.stale} sur {d.stale.total}{d.stale.share != null ? `, ${nf(d.stale.share * 100)} %` : ""})</h3>
        <p className="muted small">Jamais vérifiées par leur organisation ({d.stale.neverVerified}) ou pas depuis {d.stale.months} mois ; vérifiées dans la période : {d.stale.total - d.stale.stale} sur {d.stale.total}.</p>
        {d.stale.listings.length > 0 && <ul className="links">{d.stale.listings.map((s) => <li key={s.dispositif.id}>{dl(s.dispositif)}{reason(s.reason)}</li>)}</ul>}
      </div>
    </>
  );
}

// ---------------------------------------------------------------------------------------------
// The page

export function AnalysisPage() {
  const { territory } = useParams();
  const [params, setParams] = useSearchParams();
  const by = BREAKDOWNS[params.get("par") ?? ""] ? params.get("par")! : "public";
  const level = params.get("niveau") ?? (territory === "fr" ? "departement" : null);
  const measure = params.get("mesure") === "places" ? "places" : "dispositifs";
  const set = (k: string, v: string | null, reset: string[] = []) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    for (const r of reset) next.delete(r);
    setParams(next, { replace: true });
  };
  const [selection, setSelection] = useState<Selection | null>(null);
  useEffect(() => setSelection(null), [territory, by, level]);

  const skip = !territory;
  const { data, error, loading } = useQuery(COVERAGE, { t: territory ?? "", by: [BREAKDOWNS[by].enum], level }, { skip });
  const m = skip ? undefined : data?.coverage;
  useTitle(m ? `Analyse — ${m.territory.name}` : "Analyse d'un territoire");

  const columnIndex = m ? m.columns.findIndex((c) => c.key === params.get("valeur")) : -1;
  const column = m && columnIndex >= 0 ? m.columns[columnIndex] : null;
  const cellOf = (r: Row) => (columnIndex >= 0 ? r.cells[columnIndex] : r.total);
  const placesKnown = !!m && m.rows.some((r) => cellOf(r).placesPer10k != null);
  const usePlaces = measure === "places" && placesKnown;

  const mapRows = useMemo(() => (m ? m.rows.map((r) => ({ code: r.territory.code, name: r.territory.name, population: r.territory.population })) : []), [m]);
  const { values, scale } = useMemo(() => {
    const values = new Map<string, MapValue>();
    if (!m) return { values, scale: scaleOf([], dispositifsUnit) };
    for (const r of m.rows) {
      const c = columnIndex >= 0 ? r.cells[columnIndex] : r.total;
      const gap = columnIndex >= 0 ? c.gap : c.dispositifs === 0;
      const value = usePlaces ? c.placesPer10k : c.dispositifs;
      const text = gap ? "aucun dispositif (manque)" : usePlaces ? (value == null ? `${dispositifsUnit(c.dispositifs)}, capacité non déclarée` : placesUnit(value)) : dispositifsUnit(c.dispositifs) + (c.partial ? ` (dont ${c.partial} en partie)` : "");
      values.set(r.territory.code, { value, gap, text });
    }
    const nums = [...values.values()].filter((v) => !v.gap && v.value != null).map((v) => v.value!);
    return { values, scale: scaleOf(nums, usePlaces ? placesUnit : dispositifsUnit, usePlaces ? 1 : 0) };
  }, [m, columnIndex, usePlaces]);

  const select = (s: Selection) => setSelection(s);
  const selectCode = (code: string) => {
    const r = m?.rows.find((x) => x.territory.code === code);
    if (r) select({ row: r.territory.id, rowName: r.territory.name, column: column?.key ?? null, columnLabel: column?.label ?? null });
  };
  const id = m?.territory.id ?? territory ?? "";
  const q = (extra: Record<string, string | null>) => {
    const u = new URLSearchParams({ territoire: id });
    for (const [k, v] of Object.entries(extra)) if (v) u.set(k, v);
    return u.toString();
  };
  const navigate = useNavigate();

  return (
    <div className="analysis">
      <header className="analysis-head">
        <p className="kicker">Analyse de territoire</p>
        <h1>{m ? m.territory.name : "Couverture de l'offre d'un territoire"}</h1>
        {m && (
          <p className="muted">
            {levelLabels[m.territory.level] ?? m.territory.level} · {m.territory.code}
            {m.territory.population != null && ` · ${nf(m.territory.population)} habitants`}
            {` · ${nf(m.total.dispositifs)} dispositif${m.total.dispositifs > 1 ? "s" : ""} actif${m.total.dispositifs > 1 ? "s" : ""}`}
            {" · "}<Link to={`/territoires/${m.territory.id}`}>fiche du territoire</Link>
          </p>
        )}
        <p className="print-only small">Édité le {new Date().toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" })} — Maillage, annuaire ouvert de l'offre sociale.</p>
      </header>

      <div className="analysis-controls no-print">
        <TerritoryPicker current={m?.territory.id} />
        {m && (
          <div className="pickers">
            <div className="field">
              <label htmlFor="analyse-par">Répartition par</label>
              <select id="analyse-par" value={by} onChange={(e) => set("par", e.target.value, ["valeur"])}>
                {Object.entries(BREAKDOWNS).map(([k, b]) => <option key={k} value={k}>{b.label}</option>)}
              </select>
            </div>
            <div className="field">
              <label htmlFor="analyse-valeur">{BREAKDOWNS[by].value} affiché sur la carte</label>
              <select id="analyse-valeur" value={column?.key ?? "*"} onChange={(e) => set("valeur", e.target.value === "*" ? null : e.target.value)}>
                <option value="*">Toute l'offre (total)</option>
                {m.columns.map((c) => <option key={c.key} value={c.key}>{c.label}{m.totals[m.columns.indexOf(c)].gap ? " — aucun dispositif" : ""}</option>)}
              </select>
            </div>
            {(m.territory.level === "pays" || m.territory.level === "region") && (
              <div className="field">
                <label htmlFor="analyse-niveau">Découpage</label>
                <select id="analyse-niveau" value={m.rowLevel} onChange={(e) => set("niveau", e.target.value)}>
                  {m.territory.level === "pays" && <option value="region">Régions</option>}
                  <option value="departement">Départements</option>
                  {m.territory.level === "region" && <option value="commune">Communes</option>}
                </select>
              </div>
            )}
            <div className="field">
              <label htmlFor="analyse-mesure">Mesure</label>
              <select id="analyse-mesure" value={usePlaces ? "places" : "dispositifs"} onChange={(e) => set("mesure", e.target.value === "places" ? "places" : null)}>
                <option value="dispositifs">Nombre de dispositifs</option>
                <option value="places" disabled={!placesKnown}>Places pour 10 000 habitants{placesKnown ? "" : " (aucune capacité déclarée)"}</option>
              </select>
            </div>
          </div>
        )}
        {m && (
          <div className="actions">
            <button type="button" onClick={() => window.print()}>Imprimer</button>
            <a className="button secondary" href={`/rapports/couverture.csv?${q({ par: by, niveau: params.get("niveau") ?? level })}`} download>Couverture (CSV)</a>
            <a className="button secondary" href={`/rapports/manques.csv?${q({})}`} download>Manques (CSV)</a>
            <a className="button secondary" href={`/rapports/diagnostics.csv?${q({})}`} download>Diagnostics (CSV)</a>
          </div>
        )}
      </div>

      {!territory && <p className="lead">Choisissez un territoire pour voir, en carte et en tableau, où l'offre manque : publics et thématiques sans dispositif, capacités, fiches à mettre à jour.</p>}
      {territory && loading && !data && <Loading />}
      {territory && error && <ErrorBox error={error} />}
      {m && (
        <>
          {(m.rows.length > 0 || m.unallocated) && <section className="block analysis-map" aria-labelledby="carte-titre">
            <h2 id="carte-titre">
              Carte — {column ? column.label : "toute l'offre"} <span className="muted">({usePlaces ? "places pour 10 000 habitants" : "nombre de dispositifs"})</span>
            </h2>
            <CoverageMap
              rowLevel={m.rowLevel}
              rows={mapRows}
              values={values}
              scale={scale}
              title={`Carte de ${m.territory.name} : ${column ? column.label : "toute l'offre"}, par ${levelLabels[m.rowLevel]?.toLowerCase() ?? m.rowLevel}`}
              selected={(selection?.row && m.rows.find((r) => r.territory.id === selection.row)?.territory.code) || null}
              onSelect={selectCode}
            />
            {m.unallocated && (
              <p className="small">
                {m.unallocated.territory.name} (non cartographiée) : {dispositifsUnit(cellOf(m.unallocated).dispositifs)}.{" "}
                <button type="button" className="linklike no-print" onClick={() => select({ row: null, rowName: m.territory.name, column: column?.key ?? null, columnLabel: column?.label ?? null })}>Voir l'offre de tout le territoire</button>
              </p>
            )}
          </section>}

          {selection && <Listings territory={id} by={by} level={level} sel={selection} onClose={() => setSelection(null)} />}

          <section className="block analysis-matrix" aria-labelledby="tableau-titre">
            {m.rows.length === 0 && !m.unallocated ? (
              <>
                <h2 id="tableau-titre">Couverture de {m.territory.name} par {dimensionLabel[by]}</h2>
                <p className="muted">Ce territoire n'a pas de subdivision : pas de carte, seuls les totaux s'appliquent.</p>
              </>
            ) : (
              <h2 id="tableau-titre">Couverture par {levelLabels[m.rowLevel]?.toLowerCase() ?? m.rowLevel} et par {dimensionLabel[by]}</h2>
            )}
            <HeatTable m={m} selectedColumn={columnIndex} onPickColumn={(i) => set("valeur", m.columns[i].key)} onSelect={select} />
            <ul className="notes small">{m.notes.map((n) => <li key={n}>{n}</li>)}</ul>
          </section>

          <section className="block analysis-gaps" aria-labelledby="manques-titre">
            <h2 id="manques-titre">Manques, par ordre de priorité</h2>
            <GapList territory={id} />
          </section>

          <section className="block analysis-diagnostics" aria-labelledby="diagnostics-titre">
            <h2 id="diagnostics-titre">Diagnostics du graphe</h2>
            <DiagnosticsPanel territory={id} />
          </section>
        </>
      )}
      {territory && !m && !loading && !error && (
        <p><button type="button" className="linklike" onClick={() => navigate("/analyse")}>Choisir un autre territoire</button></p>
      )}
    </div>
  );
}
