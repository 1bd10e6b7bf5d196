import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { graphql } from "../gql";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading, useTitle } from "../components";

type Page<N> = { totalCount: number; pageInfo: { hasNextPage: boolean; endCursor: string | null }; edges: { node: N }[] };

// The filters a list accepts in its URL besides the text (links from other pages use them:
// "/dispositifs?thematique=…"), each with the GraphQL filter field it sets.
type UrlFilter = "thematique" | "public" | "territoire" | "operateur" | "dans";
type UrlFilters = Partial<Record<UrlFilter, string>>;
const dispositifFilters: UrlFilters = { thematique: "thematique", public: "public", territoire: "territory", operateur: "operator" };
const territoryFilters: UrlFilters = { dans: "parent" };

// usePaged keeps the text, the filters and the cursor in the URL, so results can be shared and
// the back button works.
function usePaged(urlFilters: UrlFilters = {}) {
  const [params, setParams] = useSearchParams();
  const text = params.get("q") ?? "";
  const after = params.get("apres");
  const filters: UrlFilters = {};
  for (const k of Object.keys(urlFilters) as UrlFilter[]) {
    const v = params.get(k);
    if (v) filters[k] = v;
  }
  const [draft, setDraft] = useState(text);
  const query = (over: Record<string, string | null>) => {
    const next: Record<string, string> = { ...filters, ...(text ? { q: text } : {}) };
    for (const [k, v] of Object.entries(over)) {
      if (v) next[k] = v;
      else delete next[k];
    }
    return next;
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setParams(query({ q: draft || null }));
  };
  const next = (cursor: string) => setParams(query({ apres: cursor }));
  const first = "?" + new URLSearchParams(query({})).toString();
  const without = (k: UrlFilter) => "?" + new URLSearchParams(query({ [k]: null })).toString();
  const gqlFilter: Record<string, string> = {};
  for (const [k, v] of Object.entries(filters)) gqlFilter[urlFilters[k as UrlFilter]!] = v;
  return { text, after, filters, gqlFilter, draft, setDraft, submit, next, first, without };
}

const filterTitles: Record<UrlFilter, string> = { thematique: "Thématique", public: "Public", territoire: "Territoire couvert", operateur: "Opérateur", dans: "Dans" };

const FILTER_NAME = graphql(`query FilterName($id: ID!) { node(id: $id) { __typename
  ... on Public { name } ... on Thematique { name } ... on Territory { name } ... on Organisation { name } } }`);

// ActiveFilter names a filter given by its id in the URL, with a link that removes it.
function ActiveFilter({ kind, id, remove }: { kind: UrlFilter; id: string; remove: string }) {
  const { data } = useQuery(FILTER_NAME, { id });
  const node = data?.node;
  const name = node && "name" in node ? node.name : id;
  return (
    <li className="chip">
      <span>{filterTitles[kind]} : {name}</span>
      <Link to={remove} aria-label={`Retirer le filtre ${filterTitles[kind]} : ${name}`}>×</Link>
    </li>
  );
}

function ActiveFilters({ p }: { p: ReturnType<typeof usePaged> }) {
  const entries = Object.entries(p.filters) as [UrlFilter, string][];
  if (!entries.length) return null;
  return (
    <ul className="chips" aria-label="Filtres actifs">
      {entries.map(([k, id]) => <ActiveFilter key={k} kind={k} id={id} remove={p.without(k)} />)}
    </ul>
  );
}

function SearchForm({ label, placeholder, p }: { label: string; placeholder: string; p: ReturnType<typeof usePaged> }) {
  return (
    <form className="search" role="search" onSubmit={p.submit}>
      {/* a plain form submission (no script yet) keeps the filters too */}
      {Object.entries(p.filters).map(([k, v]) => <input key={k} type="hidden" name={k} value={v} />)}
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
      {p.after && <Link to={p.first}>Première page</Link>}
      {page.pageInfo.hasNextPage && page.pageInfo.endCursor && (
        <button type="button" onClick={() => p.next(page.pageInfo.endCursor!)}>Page suivante</button>
      )}
    </div>
  );
}

const DISPOSITIFS = graphql(`query DispositifList($filter: DispositifFilter, $after: String) {
  dispositifs(filter: $filter, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name typeLabel statusLabel status operators { name } territories { name } } }
  }
}`);

export function DispositifList() {
  useTitle("Dispositifs");
  const p = usePaged(dispositifFilters);
  const { data, error, loading } = useQuery(DISPOSITIFS, { filter: { text: p.text || null, ...p.gqlFilter }, after: p.after });
  return (
    <div>
      <h1>Dispositifs</h1>
      <SearchForm label="Nom ou sigle du dispositif" placeholder="ex. SIAO, CHRS, Mission Interface" p={p} />
      <ActiveFilters p={p} />
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

const ORGANISATIONS = graphql(`query OrganisationList($text: String, $after: String) {
  organisations(filter: {text: $text}, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name typeLabel locatedIn { name } } }
  }
}`);

export function OrganisationList() {
  useTitle("Organisations");
  const p = usePaged();
  const { data, error, loading } = useQuery(ORGANISATIONS, { text: p.text || null, after: p.after });
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

const TERRITORIES = graphql(`query TerritoryList($filter: TerritoryFilter, $after: String) {
  territories(filter: $filter, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor }
    edges { node { id name level code population } }
  }
}`);

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
  useTitle("Territoires");
  const p = usePaged(territoryFilters);
  const { data, error, loading } = useQuery(TERRITORIES, { filter: { text: p.text || null, ...p.gqlFilter }, after: p.after });
  return (
    <div>
      <h1>Territoires</h1>
      <SearchForm label="Nom, code INSEE ou code postal" placeholder="ex. Saint-Denis, 93, 52000" p={p} />
      <ActiveFilters p={p} />
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
