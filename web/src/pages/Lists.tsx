import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading } from "../components";

type Page<N> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: N }[] };

const PAGE = 20;

// usePaged keeps the text filter and the cursor in the URL, so results can be shared and the
// back button works.
function usePaged() {
  const [params, setParams] = useSearchParams();
  const text = params.get("q") ?? "";
  const after = params.get("apres");
  const [draft, setDraft] = useState(text);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(draft ? { q: draft } : {});
  };
  const next = (cursor: string) => setParams({ ...(text ? { q: text } : {}), apres: cursor });
  return { text, after, draft, setDraft, submit, next };
}

function SearchForm({ label, placeholder, p }: { label: string; placeholder: string; p: ReturnType<typeof usePaged> }) {
  return (
    <form className="search" role="search" onSubmit={p.submit}>
      <label htmlFor="q">{label}</label>
      <div className="search-row">
        <input id="q" name="q" type="search" value={p.draft} placeholder={placeholder} onChange={(e) => p.setDraft(e.target.value)} />
        <button type="submit">Rechercher</button>
      </div>
    </form>
  );
}

function Pager<N>({ page, p }: { page: Page<N>; p: ReturnType<typeof usePaged> }) {
  return (
    <div className="pager">
      <span className="muted">
        {page.totalCount.toLocaleString("fr-FR")} résultat{page.totalCount > 1 ? "s" : ""}
      </span>
      {p.after && <Link to={p.text ? `?q=${encodeURIComponent(p.text)}` : "?"}>Première page</Link>}
      {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
        <button type="button" onClick={() => p.next(page.pageInfo.endCursor!)}>Page suivante</button>
      )}
    </div>
  );
}

const DISPOSITIFS = `query($text: String, $after: String) {
  dispositifs(filter: {text: $text}, first: ${PAGE}, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name typeLabel statusLabel status operators { name } territories { name } } }
  }
}`;

type DispositifRow = { id: string; name: string; typeLabel: string | null; status: string; statusLabel: string; operators: { name: string }[]; territories: { name: string }[] };

export function DispositifList() {
  const p = usePaged();
  const { data, error, loading } = useQuery<{ dispositifs: Page<DispositifRow> }>(DISPOSITIFS, { text: p.text || null, after: p.after });
  return (
    <div>
      <h1>Rechercher un dispositif</h1>
      <SearchForm label="Nom ou sigle du dispositif" placeholder="ex. SIAO, CHRS, Mission Interface" p={p} />
      {loading && <Loading />}
      {error && <ErrorBox error={error} />}
      {data && (
        <>
          <Pager page={data.dispositifs} p={p} />
          <ul className="cards">
            {data.dispositifs.edges.map(({ node: d }) => (
              <li key={d.id} className="card">
                <h2><Link to={`/dispositifs/${d.id}`}>{d.name}</Link></h2>
                <p className="muted">
                  {d.typeLabel ?? "Type non précisé"}
                  {d.status !== "active" && <span className={`badge ${d.status}`}> {d.statusLabel}</span>}
                </p>
                {d.operators.length > 0 && <p>Opéré par {d.operators.map((o) => o.name).join(", ")}</p>}
                {d.territories.length > 0 && <p className="muted">Territoire : {d.territories.map((t) => t.name).join(", ")}</p>}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

const ORGANISATIONS = `query($text: String, $after: String) {
  organisations(filter: {text: $text}, first: ${PAGE}, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name typeLabel locatedIn { name } } }
  }
}`;

type OrgRow = { id: string; name: string; typeLabel: string | null; locatedIn: { name: string }[] };

export function OrganisationList() {
  const p = usePaged();
  const { data, error, loading } = useQuery<{ organisations: Page<OrgRow> }>(ORGANISATIONS, { text: p.text || null, after: p.after });
  return (
    <div>
      <h1>Organisations</h1>
      <SearchForm label="Nom de l'organisation" placeholder="ex. Samusocial, CCAS, Fondation" p={p} />
      {loading && <Loading />}
      {error && <ErrorBox error={error} />}
      {data && (
        <>
          <Pager page={data.organisations} p={p} />
          <ul className="cards">
            {data.organisations.edges.map(({ node: o }) => (
              <li key={o.id} className="card">
                <h2><Link to={`/organisations/${o.id}`}>{o.name}</Link></h2>
                <p className="muted">
                  {o.typeLabel ?? "Type non précisé"}
                  {o.locatedIn.length > 0 && ` — ${o.locatedIn.map((t) => t.name).join(", ")}`}
                </p>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

const TERRITORIES = `query($text: String, $after: String) {
  territories(filter: {text: $text}, first: ${PAGE}, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name level code population } }
  }
}`;

type TerritoryRow = { id: string; name: string; level: string; code: string; population: number | null };

export const levelLabels: Record<string, string> = {
  pays: "Pays",
  region: "Région",
  departement: "Département",
  epci: "Intercommunalité (EPCI)",
  ept: "Établissement public territorial",
  commune: "Commune",
  arrondissement: "Arrondissement municipal",
  secteur: "Secteur",
};

export function TerritoryList() {
  const p = usePaged();
  const { data, error, loading } = useQuery<{ territories: Page<TerritoryRow> }>(TERRITORIES, { text: p.text || null, after: p.after });
  return (
    <div>
      <h1>Territoires</h1>
      <SearchForm label="Nom, code INSEE ou code postal" placeholder="ex. Saint-Denis, 93, 52000" p={p} />
      {loading && <Loading />}
      {error && <ErrorBox error={error} />}
      {data && (
        <>
          <Pager page={data.territories} p={p} />
          <ul className="cards compact">
            {data.territories.edges.map(({ node: t }) => (
              <li key={t.id} className="card">
                <Link to={`/territoires/${t.id}`}>{t.name}</Link>{" "}
                <span className="muted">
                  {levelLabels[t.level] ?? t.level} · {t.code}
                  {t.population ? ` · ${t.population.toLocaleString("fr-FR")} hab.` : ""}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
