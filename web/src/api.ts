// A small GraphQL client: the app's needs are plain queries, so no client library is needed.

export class ApiError extends Error {
  code: string;
  constructor(message: string, code: string) {
    super(message);
    this.code = code;
  }
}

export async function gql<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ query, variables }),
    });
  } catch {
    throw new ApiError("Le serveur Maillage ne répond pas. Vérifiez votre connexion.", "NETWORK");
  }
  const body = await res.json().catch(() => null);
  if (!body) throw new ApiError(`Réponse illisible du serveur (HTTP ${res.status}).`, "INTERNAL");
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, e.extensions?.code ?? "INTERNAL");
  }
  return body.data as T;
}
