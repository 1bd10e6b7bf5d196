// « Jetons d'accès » : the API tokens of the signed-in account — create one for a program (its
// secret shown once), see when each was last used, revoke one at once (a token copied where it
// should not be). An admin also sees, and may revoke, every account's tokens.
import { useState, type FormEvent } from "react";
import { ApiError, request } from "../api";
import { FieldError, SignInFirst, formatDateTime, useSession } from "../account";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading, useTitle } from "../components";
import { graphql } from "../gql";

type Token = {
  id: string; name: string; scopes: string[]; createdAt: string; lastUsedAt: string | null; revokedAt: string | null;
  owner: { email: string } | null;
};

// TokenFields is what the page shows of a token; the queries below spread it.
export const TOKEN_FIELDS = graphql(`fragment TokenFields on ApiToken { id name scopes createdAt lastUsedAt revokedAt owner { email } }`);
const MINE = graphql(`query TokensMine { apiTokens { ...TokenFields } }`);
const ALL = graphql(`query TokensAll { apiTokens(all: true) { ...TokenFields } }`);
const CREATE = graphql(`mutation TokensCreate($name: String!, $scopes: [String!]) { createApiToken(name: $name, scopes: $scopes) { secret token { ...TokenFields } } }`);
const REVOKE = graphql(`mutation TokensRevoke($id: ID!) { revokeApiToken(id: $id) { ...TokenFields } }`);

const scopeLabels: Record<string, string> = {
  read: "lecture (brouillons, fiches archivées, historique)",
  write: "modification des fiches",
  admin: "administration (comptes, invitations, jetons)",
};

export function TokensPage() {
  useTitle("Jetons d'accès");
  const { me } = useSession();
  const admin = me?.role === "admin";
  const mine = useQuery(MINE, {}, { skip: !me, reloadOn: me?.id });
  const all = useQuery(ALL, {}, { skip: !admin, reloadOn: me?.id });
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<string[]>(["read"]);
  const [secret, setSecret] = useState<{ name: string; value: string } | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (me === undefined) return <Loading />;
  if (!me) return (<><h1>Jetons d'accès</h1><SignInFirst what="La gestion de vos jetons d'accès" /></>);

  // act runs a write, then shows its outcome and reloads the lists
  const act = async (write: () => Promise<void>) => {
    setBusy(true);
    setFailure(null);
    setDone(null);
    try {
      await write();
      mine.reload();
      all.reload();
    } catch (err) {
      setFailure(err as ApiError);
    } finally {
      setBusy(false);
    }
  };
  const create = (e: FormEvent) => {
    e.preventDefault();
    setSecret(null);
    return act(async () => {
      const d = await request(CREATE, { name, scopes });
      setSecret({ name: d.createApiToken.token.name, value: d.createApiToken.secret });
      setName("");
    });
  };
  const revoke = (t: Token) => act(async () => {
    await request(REVOKE, { id: t.id });
    setDone(`Le jeton « ${t.name} » est révoqué : il ne fonctionne plus.`);
  });
  const toggle = (s: string) => setScopes((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));

  return (
    <div>
      <h1>Jetons d'accès</h1>
      <p className="muted">
        Un jeton d'accès permet à un programme (une synchronisation, un tableur) d'utiliser l'API en votre nom, dans la
        limite de vos droits et de ses portées, avec l'en-tête « Authorization: Bearer … ». Révoquez aussitôt un jeton
        copié là où il ne devait pas l'être.
      </p>
      {done && <p className="notice-box" role="status">{done}</p>}
      {failure && <ErrorBox error={failure} />}
      {secret && (
        <div className="notice-box" role="status">
          <p>Jeton « {secret.name} » créé. Copiez-le maintenant : il ne sera plus jamais affiché.</p>
          <p><code className="token-secret">{secret.value}</code></p>
        </div>
      )}

      <section className="block" aria-labelledby="nouveau-jeton">
        <h2 id="nouveau-jeton">Nouveau jeton</h2>
        <form onSubmit={create} className="token-form">
          <label htmlFor="jeton-nom">Nom (le programme qui l'utilise)</label>
          <input id="jeton-nom" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100}
            aria-describedby={failure?.fields.name ? "jeton-nom-erreur" : undefined} />
          <FieldError id="jeton-nom-erreur" message={failure?.fields.name} />
          <fieldset>
            <legend>Portées</legend>
            {Object.entries(scopeLabels).map(([s, label]) => (
              <label key={s} className="check">
                <input type="checkbox" checked={scopes.includes(s)} onChange={() => toggle(s)} /> {label}
              </label>
            ))}
          </fieldset>
          <button type="submit" disabled={busy || !name.trim()}>Créer le jeton</button>
        </form>
      </section>

      <section className="block" aria-labelledby="mes-jetons">
        <h2 id="mes-jetons">Mes jetons</h2>
        <TokenTable state={mine} onRevoke={revoke} busy={busy} label="Mes jetons" />
      </section>

      {admin && (
        <section className="block" aria-labelledby="tous-les-jetons">
          <h2 id="tous-les-jetons">Tous les jetons</h2>
          <TokenTable state={all} onRevoke={revoke} busy={busy} withOwner label="Tous les jetons" />
        </section>
      )}
    </div>
  );
}

function TokenTable({ state, onRevoke, busy, withOwner, label }: {
  state: { data?: { apiTokens: Token[] }; error?: ApiError; loading: boolean };
  onRevoke: (t: Token) => void; busy: boolean; withOwner?: boolean; label: string;
}) {
  if (state.error) return <ErrorBox error={state.error} />;
  if (!state.data) return <Loading />;
  const tokens = state.data.apiTokens;
  if (!tokens.length) return <p className="muted">Aucun jeton.</p>;
  return (
    <table className="tokens" aria-label={label}>
      <thead>
        <tr>
          <th scope="col">Nom</th>
          {withOwner && <th scope="col">Compte</th>}
          <th scope="col">Portées</th>
          <th scope="col">Créé le</th>
          <th scope="col">Dernier usage</th>
          <th scope="col">État</th>
        </tr>
      </thead>
      <tbody>
        {tokens.map((t) => (
          <tr key={t.id} data-token={t.id}>
            <td>{t.name}</td>
            {withOwner && <td>{t.owner?.email ?? "—"}</td>}
            <td>{t.scopes.join(", ")}</td>
            <td>{formatDateTime(t.createdAt)}</td>
            <td>{t.lastUsedAt ? formatDateTime(t.lastUsedAt) : "jamais"}</td>
            <td>
              {t.revokedAt ? `révoqué le ${formatDateTime(t.revokedAt)}` : (
                <button type="button" className="secondary mini-button" disabled={busy} onClick={() => onRevoke(t)}
                  aria-label={`Révoquer le jeton « ${t.name} »`}>Révoquer</button>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
