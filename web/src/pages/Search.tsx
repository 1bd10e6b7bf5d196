import { useState, type FormEvent } from "react";
import { Link, useSearchParams } from "react-router";
import { useQuery } from "../useQuery";
import { graphql } from "../gql";
import type { SearchQuery, SituationInput } from "../gql/graphql";
import { Contacts, ContactsOrUnknown, ErrorBox, Loading, NodeLink, useTitle} from "../components";
import { OpenBadge } from "../listing";

const SEARCH = graphql(`query Search($text: String, $situation: SituationInput, $filter: SearchFilter, $after: String) {
  search(text: $text, situation: $situation, filter: $filter, first: 20, after: $after) {
    totalCount pageInfo { hasNextPage endCursor } ignoredText
    interpreted {
      age ageMin ageMax adminStatus gender family situations needs types place { id name }
      criteria { kind value label text }
      ambiguities { text reason candidates { id name } chosen { id } }
    }
    facets {
      thematiques { value label count } publics { value label count }
      departements { value label count } accessModes { value label count }
    }
    edges { ...edge }
    others { ...edge }
    othersCount nothingFits
    waysForward {
      kind label count
      situation { age ageMin ageMax adminStatus gender family situations needs types place { id name } }
      dispositifs { id name contacts { kind value label } }
    }
  }
}
fragment edge on SearchEdge {
  cursor distanceKm highlights
  matched { criterion message } unknown { criterion message } unmet { criterion message }
  node { id name typeLabel status statusLabel accessModeLabels accessNotes openingHours openNow closedNow
    contacts { kind value label } operators { id name contacts { kind value label } }
    requiresReferralBy { __typename ... on Organisation { id name contacts { kind value label } }
      ... on Dispositif { id name contacts { kind value label } } ... on Instance { id name } } }
}`);

type Result = SearchQuery["search"];
type Interpreted = Result["interpreted"];
type Criterion = Interpreted["criteria"][number];
type Edge = Result["edges"][number];
type WaySituation = NonNullable<Result["waysForward"][number]["situation"]>;
type Referrer = Edge["node"]["requiresReferralBy"][number];
// contactsOf gives an actor's contacts (an Instance has none).
const contactsOf = (r: Referrer) => ("contacts" in r ? r.contacts : undefined);

// situationInput turns criteria read back from the server into the SituationInput of a search.
// The service types read go with it, so that a chip removed or a way forward keeps them.
function situationInput(i: WaySituation): SituationInput {
  return {
    age: i.age, ageMin: i.ageMin, ageMax: i.ageMax, adminStatus: i.adminStatus, gender: i.gender,
    family: i.family, situations: i.situations, needs: i.needs, types: i.types, place: i.place?.id ?? null,
  };
}

// ResultCard is one listing of the results, with why it fits, what to verify and how to reach it.
function ResultCard({ e }: { e: Edge }) {
  return (
    <li className="card result">
      <h2><Link to={`/dispositifs/${e.node.id}`}>{e.node.name}</Link></h2>
      <p className="muted">
        {e.node.typeLabel ?? "Dispositif"}
        {e.node.operators.length > 0 && ` — ${e.node.operators.map((o) => o.name).join(", ")}`}
        {e.distanceKm != null && ` — à ${e.distanceKm.toLocaleString("fr-FR", { maximumFractionDigits: 1 })} km`}
        {e.node.status !== "active" && <span className={`badge ${e.node.status}`}> {e.node.statusLabel}</span>}
        {e.node.status === "active" && <> <OpenBadge openNow={e.node.openNow} closedNow={e.node.closedNow} /></>}
      </p>
      {e.highlights.length > 0 && (
        <p className="passages small" aria-label="Passages de la fiche">{e.highlights.slice(0, 2).map((h, i) => <q key={i}><Passage html={h} /></q>)}</p>
      )}
      {e.matched.length > 0 && <ul className="why matched" aria-label="Pourquoi ce dispositif">{e.matched.map((r, i) => <li key={i}>✓ {r.message}</li>)}</ul>}
      {e.unknown.length > 0 && <ul className="why unknown" aria-label="À vérifier">{e.unknown.map((r, i) => <li key={i}>? {r.message}</li>)}</ul>}
      {e.unmet.length > 0 && <ul className="why unmet" aria-label="Ne correspond pas">{e.unmet.map((r, i) => <li key={i}>✗ {r.message}</li>)}</ul>}
      <p><strong>Accès :</strong> {e.node.accessModeLabels.length ? e.node.accessModeLabels.join(", ") : "non précisé"}{e.node.openingHours ? ` — horaires : ${e.node.openingHours}` : ""}</p>
      {e.node.contacts.length > 0 && <Contacts contacts={e.node.contacts} />}
      <WhomToContact e={e} />
    </li>
  );
}

// WhomToContact shows the actors access goes through with their contacts, the operator's
// contacts when the listing has none, and says so when no contact is known at all (its page then
// names the département's SIAO and the 115).
function WhomToContact({ e }: { e: Edge }) {
  const referrers = e.node.requiresReferralBy;
  const operators = e.node.contacts.length ? [] : e.node.operators.filter((o) => o.contacts?.length);
  const known = e.node.contacts.length > 0 || operators.length > 0 || referrers.some((r) => contactsOf(r)?.length);
  return (
    <>
      {referrers.length > 0 && (
        <div className="whom">
          <p><strong>Orientation par :</strong></p>
          <ul className="access-actors">
            {referrers.map((r) => (
              <li key={r.id}>
                <NodeLink node={r} />
                <ContactsOrUnknown contacts={contactsOf(r)} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {operators.map((o) => (
        <div key={o.id} className="whom">
          <p className="muted small">Contacts de l'organisation qui le porte, {o.name} :</p>
          <Contacts contacts={o.contacts!} />
        </div>
      ))}
      {!known && (
        <p className="small no-contact">
          Aucun contact connu pour ce service ni pour qui y oriente : <Link to={`/dispositifs/${e.node.id}`}>voir à qui s'adresser</Link> (SIAO, 115).
        </p>
      )}
    </>
  );
}

// Passage shows a highlighted passage (text escaped as HTML by the server, the matched words
// in <mark>) as text and <mark> elements: it is never inserted as HTML.
const entities: Record<string, string> = { "&lt;": "<", "&gt;": ">", "&amp;": "&", "&#39;": "'", "&#34;": '"', "&quot;": '"' };
const unescape = (s: string) => s.replace(/&(lt|gt|amp|#39|#34|quot);/g, (e) => entities[e]);
function Passage({ html }: { html: string }) {
  return <>{html.split(/<\/?mark>/).map((part, i) => (i % 2 ? <mark key={i}>{unescape(part)}</mark> : <span key={i}>{unescape(part)}</span>))}</>;
}

// situationWithout rebuilds the structured criteria without one of them, so that removing a
// chip searches again with what is left.
function situationWithout(i: Interpreted, drop: Criterion): SituationInput {
  const s = situationInput(i);
  switch (drop.kind) {
    case "age": s.age = null; break;
    case "ageGroup": s.ageMin = null; s.ageMax = null; break;
    case "adminStatus": s.adminStatus = null; break;
    case "gender": s.gender = null; break;
    case "place": s.place = null; break;
    case "family": s.family = i.family.filter((v) => v !== drop.value); break;
    case "situation": s.situations = i.situations.filter((v) => v !== drop.value); break;
    case "need": s.needs = i.needs.filter((v) => v !== drop.value); break;
    case "type": s.types = i.types.filter((v) => v !== drop.value); break;
  }
  return s;
}

type FacetKey = Exclude<keyof Result["facets"], "__typename">;
type FilterKey = "thematique" | "public" | "departement" | "accessMode";
const facetTitles: Record<FacetKey, string> = { thematiques: "Thématiques", publics: "Publics", departements: "Départements", accessModes: "Accès" };
const facetFilter: Record<FacetKey, FilterKey> = { thematiques: "thematique", publics: "public", departements: "departement", accessModes: "accessMode" };

export function SearchPage() {
  const [params, setParams] = useSearchParams();
  const text = params.get("q") ?? "";
  useTitle(text ? `Recherche : ${text}` : "Rechercher");
  const [draft, setDraft] = useState(text);
  const [situation, setSituation] = useState<SituationInput | null>(null);
  const [removed, setRemoved] = useState<string[]>([]);
  const [filter, setFilter] = useState<Partial<Record<FilterKey, string>>>({});
  const [after, setAfter] = useState<string | null>(null);
  const run = !!text || !!situation;
  // with edited chips, the text goes too: its words the situation does not say are still searched
  const { data, error, loading } = useQuery(SEARCH, { text, situation, filter, after }, { skip: !run });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSituation(null); setRemoved([]); setFilter({}); setAfter(null);
    setParams(draft ? { q: draft } : {});
  };
  const s = run ? data?.search : undefined;
  return (
    <div className="search-page">
      <h1>Qui peut aider ?</h1>
      <form className="search" role="search" onSubmit={submit}>
        <label htmlFor="q">Décrivez la situation de la personne (âge, situation administrative, lieu, besoin…)</label>
        <div className="search-row">
          <input id="q" name="q" type="search" value={draft} placeholder="ex. homme 67 ans sans papiers Saint-Denis"
            onChange={(e) => setDraft(e.target.value)} autoComplete="off" />
          <button type="submit">Rechercher</button>
        </div>
        <p className="muted small">Maillage ne conserve aucune donnée sur les personnes : la situation sert seulement à chercher.</p>
      </form>
      {loading && run && <Loading />}
      {error && <ErrorBox error={error} />}
      {s && (
        <>
          <section aria-label="Situation comprise" className="understood">
            <h2>Ce que Maillage a compris</h2>
            {s.interpreted.criteria.length === 0 && <p className="muted">Aucun critère reconnu : recherche sur les mots.</p>}
            <ul className="chips">
              {s.interpreted.criteria.filter((c) => !removed.includes(c.kind + c.value)).map((c) => (
                <li key={c.kind + c.value} className={`chip ${c.kind}`}>
                  <span title={`lu dans « ${c.text} »`}>{c.label}</span>
                  <button type="button" aria-label={`Retirer ${c.label}`} onClick={() => {
                    setSituation(situationWithout(s.interpreted, c)); setRemoved([...removed, c.kind + c.value]); setAfter(null);
                  }}>×</button>
                </li>
              ))}
            </ul>
            {s.ignoredText && (
              <p className="notice-box" role="note">Aucune fiche ne contient « {s.ignoredText} » ici : les résultats suivent la situation comprise.</p>
            )}
            {s.interpreted.ambiguities.map((a) => (
              <p key={a.text} className="muted small">
                « {a.text} » : {a.reason}. Autres : {a.candidates.filter((c) => c.id !== a.chosen?.id).map((c) => c.name + " (" + c.id.replace("com-", "") + ")").join(", ")}.
              </p>
            ))}
          </section>
          <div className="results-layout">
            <aside aria-label="Filtres" className="facets">
              {(Object.entries(facetTitles) as [FacetKey, string][]).map(([key, title]) => (s.facets[key]?.length ?? 0) > 0 && (
                <section key={key}>
                  <h3>{title}</h3>
                  <ul>
                    {s.facets[key].slice(0, 8).map((f) => {
                      const active = filter[facetFilter[key]] === f.value;
                      return (
                        <li key={f.value}>
                          <button type="button" className={active ? "facet active" : "facet"} aria-pressed={active}
                            onClick={() => { const next = { ...filter }; if (active) delete next[facetFilter[key]]; else next[facetFilter[key]] = f.value; setFilter(next); setAfter(null); }}>
                            {f.label} <span className="muted">({f.count})</span>
                          </button>
                        </li>
                      );
                    })}
                  </ul>
                </section>
              ))}
            </aside>
            <div className="results">
              {s.nothingFits ? (
                <section className="notice-box nothing-fits" aria-label="Aucune réponse" role="status">
                  <h2>Aucun dispositif connu ne correspond à cette situation{s.interpreted.place ? ` à ${s.interpreted.place.name}` : ""}</h2>
                  <p>Pistes pour avancer :</p>
                  <ul className="ways-forward">
                    {s.waysForward.map((w) => (
                      <li key={w.kind + w.label}>
                        {w.label}
                        {w.dispositifs.length > 0 && <> — {w.dispositifs.map((d, i) => <span key={d.id}>{i > 0 && ", "}<Link to={`/dispositifs/${d.id}`}>{d.name}</Link></span>)}</>}
                        {w.situation && (w.count ?? 0) > 0 && (
                          <> <button type="button" className="link" onClick={() => { setSituation(situationInput(w.situation!)); setRemoved([]); setFilter({}); setAfter(null); }}>
                            Voir {w.count === 1 ? "la réponse" : `les ${w.count!.toLocaleString("fr-FR")} réponses`}
                          </button></>
                        )}
                      </li>
                    ))}
                  </ul>
                </section>
              ) : (
                <p className="muted" role="status">{s.totalCount.toLocaleString("fr-FR")} réponse{s.totalCount > 1 ? "s" : ""}</p>
              )}
              <ol className="cards" aria-label="Réponses">
                {s.edges.map((e) => <ResultCard key={e.node.id} e={e} />)}
              </ol>
              {s.pageInfo.hasNextPage && s.pageInfo.endCursor && (
                <button type="button" onClick={() => setAfter(s.pageInfo.endCursor)}>Résultats suivants</button>
              )}
              {s.othersCount > 0 && (
                <section className="others" aria-label="Autres services du territoire">
                  <h2>Autres services du territoire</h2>
                  <p className="muted">
                    {s.othersCount.toLocaleString("fr-FR")} service{s.othersCount > 1 ? "s" : ""} couvr{s.othersCount > 1 ? "ent" : "e"} aussi ce lieu sans répondre à ce qui est demandé
                    {s.others.length < s.othersCount ? ` (les ${s.others.length} premiers)` : ""}.
                  </p>
                  <ol className="cards">
                    {s.others.map((e) => <ResultCard key={e.node.id} e={e} />)}
                  </ol>
                </section>
              )}
            </div>
          </div>
        </>
      )}
    </div>
  );
}
