import { Link, useParams } from "react-router";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading, Section, useTitle } from "../components";
import { levelLabels } from "./Lists";
import { graphql } from "../gql";

const Q = graphql(`query TerritoryQ($code: String!) { territory(code: $code) {
  id name level code population postalCodes
  parents { id name level }
  children(first: 100) { totalCount edges { node { id name level } } }
  dispositifs(first: 50) { totalCount edges { node { id name typeLabel } } }
} }`);

type Ref = { id: string; name: string; level: string };

const levelPlurals: Record<string, string> = {
  pays: "Pays",
  region: "Régions",
  departement: "Départements",
  epci: "Intercommunalités (EPCI)",
  ept: "Établissements publics territoriaux",
  commune: "Communes",
  arrondissement: "Arrondissements municipaux",
  secteur: "Secteurs",
};

// byLevel groups territories by level, in the order the levels first appear.
function byLevel(nodes: Ref[]): [string, Ref[]][] {
  const groups = new Map<string, Ref[]>();
  for (const n of nodes) groups.set(n.level, [...(groups.get(n.level) ?? []), n]);
  return [...groups];
}

export function TerritoryPage() {
  const { code } = useParams();
  const { data, error, loading } = useQuery(Q, { code: code ?? "" });
  useTitle(data?.territory?.name ?? (error ? "Territoire introuvable" : null));
  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const t = data?.territory;
  if (!t) return null;
  return (
    <article className="sheet">
      <header>
        <p className="kicker">{levelLabels[t.level] ?? t.level} · {t.code}</p>
        <h1>{t.name}</h1>
        {t.population != null && <p className="muted">{t.population.toLocaleString("fr-FR")} habitants (population municipale)</p>}
        {t.postalCodes.length > 0 && <p className="muted">Codes postaux : {t.postalCodes.join(", ")}</p>}
        <p><Link to={`/analyse/${t.id}`}>Analyser la couverture de ce territoire (carte, manques, diagnostics)</Link></p>
      </header>
      <Section title="Fait partie de" empty={!t.parents.length}>
        <ul className="links">{t.parents.map((p) => <li key={p.id}><Link to={`/territoires/${p.id}`}>{p.name}</Link> <span className="muted">({levelLabels[p.level] ?? p.level})</span></li>)}</ul>
      </Section>
      <Section title={`Dispositifs déclarant couvrir ce territoire (${t.dispositifs.totalCount})`} empty={!t.dispositifs.totalCount}>
        <ul className="links">{t.dispositifs.edges.map(({ node: d }) => <li key={d.id}><Link to={`/dispositifs/${d.id}`}>{d.name}</Link>{d.typeLabel && <span className="muted"> — {d.typeLabel}</span>}</li>)}</ul>
      </Section>
      <Section title={`Comprend (${t.children.totalCount.toLocaleString("fr-FR")})`} empty={!t.children.totalCount}>
        {byLevel(t.children.edges.map((e) => e.node)).map(([level, nodes]) => (
          <div key={level}>
            <h3>{levelPlurals[level] ?? level}</h3>
            <ul className="links columns">{nodes.map((c) => <li key={c.id}><Link to={`/territoires/${c.id}`}>{c.name}</Link></li>)}</ul>
          </div>
        ))}
        {t.children.totalCount > t.children.edges.length && (
          <p><Link to={`/territoires?dans=${encodeURIComponent(t.id)}`}>Voir les {t.children.totalCount.toLocaleString("fr-FR")} territoires de {t.name}</Link></p>
        )}
      </Section>
    </article>
  );
}
