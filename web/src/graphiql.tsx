// The GraphQL explorer, bundled (no CDN). Mutations need the admin token: paste
// {"Authorization": "Bearer <token>"} in the headers tab.
import "graphiql/setup-workers/vite";
import "graphiql/style.css";
import { GraphiQL } from "graphiql";
import { createRoot } from "react-dom/client";

const fetcher = async (params: unknown, opts?: { headers?: Record<string, string> }) => {
  const res = await fetch("/graphql", {
    method: "POST",
    headers: { "Content-Type": "application/json", ...(opts?.headers ?? {}) },
    body: JSON.stringify(params),
  });
  return res.json();
};

const defaultQuery = `# Bienvenue dans l'explorateur de l'API Maillage.
# Les modifications demandent le jeton d'administration :
# onglet « Headers » : {"Authorization": "Bearer <jeton>"}
{
  dispositif(id: "dsp-mission-interface-personnes-agees") {
    name
    eligibility { ageMin adminStatusLabel conditions }
    operators { name }
    territories { name level }
  }
}
`;

createRoot(document.getElementById("graphiql")!).render(
  <GraphiQL fetcher={fetcher} defaultQuery={defaultQuery} />,
);
