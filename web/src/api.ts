// A small GraphQL client: the app's needs are plain queries, so no client library is needed.

export class ApiError extends Error {
  code: string;
  // fields maps an input field ("name", "eligibility.ageMin", "notices.to"…) to its French
  // message, for BAD_USER_INPUT; details carries what else the server explains (a CONFLICT's
  // changes since the version read).
  fields: Record<string, string>;
  details: Record<string, unknown>;
  constructor(message: string, code: string, extensions: Record<string, unknown> = {}) {
    super(message);
    this.code = code;
    this.fields = (extensions.fields as Record<string, string>) ?? {};
    this.details = (extensions.details as Record<string, unknown>) ?? {};
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      // the session cookie of a signed-in person goes with every request (same origin only)
      credentials: "same-origin",
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError("Le serveur Maillage ne répond pas. Vérifiez votre connexion.", "NETWORK");
  }
  const body = await res.json().catch(() => null);
  if (!body) throw new ApiError(`Réponse illisible du serveur (HTTP ${res.status}).`, "INTERNAL");
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code ?? "INTERNAL", e.extensions ?? {});
  }
  return body.data as T;
}
