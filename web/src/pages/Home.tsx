import { Link } from "react-router";
import { useQuery } from "../useQuery";
import { ErrorBox } from "../components";

const STATS = `{ stats { nodes { kind count } relations { kind count } } }`;

type Stats = { stats: { nodes: { kind: string; count: number }[]; relations: { kind: string; count: number }[] } };

const kindLabels: Record<string, string> = {
  Dispositif: "dispositifs",
  Organisation: "organisations",
  Territory: "territoires",
  Instance: "instances de coordination",
};

export function Home() {
  const { data, error } = useQuery<Stats>(STATS, {});
  const relations = data?.stats.relations.reduce((s, r) => s + r.count, 0) ?? 0;
  return (
    <div className="home">
      <section className="hero">
        <h1>Qui aide qui, où, et comment y accéder</h1>
        <p>
          Maillage rassemble les organisations et les dispositifs de l'action sociale — hébergement, logement
          accompagné, médico-social, santé, droits, emploi, jeunesse — et montre comment ils sont reliés :
          qui opère, finance, coordonne ou oriente vers qui.
        </p>
        <p>
          <Link className="button" to="/rechercher">Rechercher un dispositif</Link>{" "}
          <Link className="button secondary" to="/territoires">Explorer un territoire</Link>
        </p>
      </section>
      {error && <ErrorBox error={error} />}
      {data && (
        <section className="block" aria-label="L'annuaire en chiffres">
          <h2>L'annuaire en chiffres</h2>
          <ul className="stats">
            {data.stats.nodes
              .filter((n) => kindLabels[n.kind])
              .map((n) => (
                <li key={n.kind}>
                  <strong>{n.count.toLocaleString("fr-FR")}</strong> {kindLabels[n.kind]}
                </li>
              ))}
            <li>
              <strong>{relations.toLocaleString("fr-FR")}</strong> relations
            </li>
          </ul>
        </section>
      )}
    </div>
  );
}
