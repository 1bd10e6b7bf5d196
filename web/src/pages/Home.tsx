import { useState, type FormEvent } from "react";
import { Link, useNavigate } from "react-router";
import { useQuery } from "../useQuery";
import { graphql } from "../gql";
import { ErrorBox, useTitle } from "../components";

const STATS = graphql(`query HomeStats { stats { nodes { kind count } relations { kind count } } }`);

const kindLabels: Record<string, string> = {
  Dispositif: "dispositifs",
  Organisation: "organisations",
  Territory: "territoires",
  Instance: "instances de coordination",
};

export function Home() {
  const { data, error } = useQuery(STATS, {});
  useTitle(null);
  const navigate = useNavigate();
  const [q, setQ] = useState("");
  const search = (e: FormEvent) => {
    e.preventDefault();
    navigate(q.trim() ? `/rechercher?q=${encodeURIComponent(q.trim())}` : "/rechercher");
  };
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
        {/* action and name make the form work as a plain GET before the script runs */}
        <form className="search" role="search" action="/rechercher" method="get" onSubmit={search}>
          <label htmlFor="accueil-q">Qui peut aider ? Décrivez la situation de la personne</label>
          <div className="search-row">
            <input id="accueil-q" name="q" type="search" value={q} onChange={(e) => setQ(e.target.value)}
              placeholder="ex. homme 67 ans sans papiers Saint-Denis" autoComplete="off" />
            <button type="submit">Rechercher</button>
          </div>
        </form>
        <p>
          <Link className="button secondary" to="/territoires">Explorer un territoire</Link>{" "}
          <Link className="button secondary" to="/organisations">Parcourir les organisations</Link>{" "}
          <Link className="button secondary" to="/explorer">Explorer le graphe</Link>{" "}
          <Link className="button secondary" to="/parcours">Parcours de formation</Link>
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
