// The GraphQL explorer, bundled (no CDN). Reads are public; writes need an account: the session
// of the app (same origin, its cookie goes with each request) or an access token (an API token
// mlg_…, or the server's admin token) typed in the field above the editor (kept in this tab's
// memory only) or sent by hand in the headers editor: {"Authorization": "Bearer <jeton>"}.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import "./graphiql.css";
import { GraphiQL } from "graphiql";
import { StrictMode, useRef, useState } from "react";
import { createRoot } from "react-dom/client";

const defaultQuery = `# Explorateur de l'API Maillage.
# Les lectures sont publiques. Les modifications
# demandent d'être connecté (/connexion) ou un
# jeton d'accès : champ « Jeton d'accès » en haut,
# ou onglet « Headers » : {"Authorization": "Bearer …"}
{
  dispositif(id: "dsp-mission-interface-personnes-agees") {
    name
    eligibility { ageMin adminStatusLabel conditions }
    operators { name }
    territories { name level }
  }
}
`;

// A link can open the explorer on a query: /graphiql?query=…
const linked = new URLSearchParams(location.search).get("query");

function Explorer() {
  const [token, setToken] = useState("");
  // the fetcher reads the token through a ref so that GraphiQL keeps one fetcher (a new one
  // would reload the schema on every keystroke)
  const tokenRef = useRef(token);
  tokenRef.current = token;
  const [fetcher] = useState(() => async (params: unknown, opts?: { headers?: Record<string, string> }) => {
    const auth: Record<string, string> = tokenRef.current.trim() ? { Authorization: `Bearer ${tokenRef.current.trim()}` } : {};
    let res: Response;
    try {
      res = await fetch("/graphql", {
        method: "POST",
        // headers written in GraphiQL's own editor win over the field
        headers: { "Content-Type": "application/json", ...auth, ...(opts?.headers ?? {}) },
        body: JSON.stringify(params),
      });
    } catch {
      return { errors: [{ message: "Le serveur Maillage ne répond pas." }] };
    }
    return res.json().catch(() => ({ errors: [{ message: `Réponse illisible du serveur (HTTP ${res.status}).` }] }));
  });
  return (
    <>
      <header className="explorer-bar">
        <a href="/" className="explorer-home">◈ Maillage</a>
        <h1>Explorateur de l'API GraphQL</h1>
        <form className="explorer-token" onSubmit={(e) => e.preventDefault()}>
          <label htmlFor="jeton">Jeton d'accès</label>
          <input id="jeton" type="password" autoComplete="off" spellCheck={false} value={token}
            placeholder="pour les modifications" onChange={(e) => setToken(e.target.value)}
            aria-describedby="jeton-aide" />
          <span id="jeton-aide" className="explorer-help">
            {token.trim() ? "Envoyé en en-tête « Authorization: Bearer … »." : "Inutile pour les lectures, ou une fois connecté."}
          </span>
        </form>
      </header>
      <div className="explorer-main">
        <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} initialQuery={linked ?? undefined} />
      </div>
    </>
  );
}

createRoot(document.getElementById("graphiql")!).render(
  <StrictMode>
    <Explorer />
  </StrictMode>,
);
