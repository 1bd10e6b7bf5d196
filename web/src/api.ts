// A small GraphQL client: the app's needs are plain queries, so no client library is needed.
// Every query and mutation is a typed document (graphql() from ./gql, generated from
// schema.graphql by GraphQL Code Generator): its variables and its result are typed, so that a
// change of the schema that breaks a query fails the build.
import type { TypedDocumentString } from "./gql/graphql";

export type Document<R, V> = TypedDocumentString<R, V>;

// VariablesArg makes the variables optional for a document that has none.
export type VariablesArg<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

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

type GraphQLBody = { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };

// request sends a typed document with its variables. Only documents from graphql() are
// accepted: a query written as a plain string (its result typed by hand) cannot be sent.
export function request<R, V>(doc: Document<R, V>, ...[variables]: VariablesArg<V>): Promise<R> {
  return send<R, V>(doc, (variables ?? {}) as V);
}

// send is request with an abort signal (a page left, a newer request).
export async function send<R, V>(doc: Document<R, V>, variables: V, signal?: AbortSignal): Promise<R> {
  let res: Response;
  try {
    res = await fetch("/graphql", {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      // the session cookie of a signed-in person goes with every request (same origin only)
      credentials: "same-origin",
      body: JSON.stringify({ query: doc.toString(), variables }),
      signal,
    });
  } catch {
    throw new ApiError("Le serveur Maillage ne répond pas. Vérifiez votre connexion.", "NETWORK");
  }
  const body = (await res.json().catch(() => null)) as GraphQLBody | null;
  if (!body) throw new ApiError(`Réponse illisible du serveur (HTTP ${res.status}).`, "INTERNAL");
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(e.message, (e.extensions?.code as string | undefined) ?? "INTERNAL", e.extensions ?? {});
  }
  return body.data as R;
}
