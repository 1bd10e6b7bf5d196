import { useState } from "react";
import { Link } from "react-router";
import { ApiError, request } from "../api";
import { SignInFirst, useSession } from "../account";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading, formatDate, useTitle } from "../components";
import { dueText } from "../listing";
import { graphql } from "../gql";

const MY_LISTINGS = graphql(`query MyListingsMyListings { myListings(first: 100) {
  stale dueAt
  dispositif { id version name typeLabel status statusLabel lastVerifiedAt updatedAt operators { id name } }
} }`);

const VERIFY = graphql(`mutation MyListingsVerify($id: ID!, $v: Int!) { verifyDispositif(id: $id, expectedVersion: $v) {
  id version name typeLabel status statusLabel lastVerifiedAt updatedAt stale dueAt operators { id name }
} }`);

type Listing = {
  stale: boolean;
  dueAt: string;
  dispositif: {
    id: string; version: number; name: string; typeLabel: string | null; status: string; statusLabel: string;
    lastVerifiedAt: string | null; updatedAt: string; operators: { id: string; name: string }[];
  };
};

export function MyListingsPage() {
  useTitle("Mes fiches");
  const { me } = useSession();
  const { data, error, loading, setData } = useQuery(MY_LISTINGS, {}, { skip: !me, reloadOn: me?.id });
  const [busy, setBusy] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);

  if (me === undefined) return <Loading />;
  if (!me) return (<><h1>Mes fiches</h1><SignInFirst what="La liste de vos fiches" /></>);

  const verify = async (l: Listing) => {
    setBusy(l.dispositif.id);
    setDone(null);
    setFailure(null);
    try {
      const d = await request(VERIFY, { id: l.dispositif.id, v: l.dispositif.version });
      const { stale, dueAt, ...dispositif } = d.verifyDispositif;
      if (data) setData({ myListings: data.myListings.map((x) => (x.dispositif.id === dispositif.id ? { stale, dueAt, dispositif } : x)) });
      setDone(`« ${dispositif.name} » : vérification enregistrée, prochaine vérification avant le ${formatDate(dueAt)}.`);
    } catch (e) {
      setFailure(e as ApiError);
    } finally {
      setBusy(null);
    }
  };

  const list = data?.myListings ?? [];
  const stale = list.filter((l) => l.stale).length;
  return (
    <div>
      <h1>Mes fiches</h1>
      <p className="muted">
        Les fiches que vous tenez à jour{me.organisations.length ? ` pour ${me.organisations.map((o) => o.name).join(", ")}` : ""}.
        Celles à vérifier viennent en premier : si rien n'a changé, dites-le en un clic.
      </p>
      {loading && !data && <Loading />}
      {error && <ErrorBox error={error} />}
      <div aria-live="polite">
        {done && <p className="success" role="status">{done}</p>}
        {failure && <ErrorBox error={failure} />}
      </div>
      {data && (
        <>
          <p className="muted" role="status">
            {list.length} fiche{list.length > 1 ? "s" : ""}
            {stale > 0 ? `, dont ${stale} à vérifier` : list.length ? ", toutes à jour" : ""}
          </p>
          {list.length === 0 && <p>Aucune fiche ne vous est confiée pour l'instant.</p>}
          <ul className="cards my-listings">
            {list.map((l) => (
              <li key={l.dispositif.id} className={l.stale ? "card listing stale" : "card listing"}>
                <h2><Link to={`/dispositifs/${l.dispositif.id}`}>{l.dispositif.name}</Link></h2>
                <p className="muted">
                  {l.dispositif.typeLabel ?? "Dispositif"}
                  {l.dispositif.operators.length > 0 && ` — ${l.dispositif.operators.map((o) => o.name).join(", ")}`}
                  {l.dispositif.status !== "active" && <> <span className={`badge ${l.dispositif.status}`}>{l.dispositif.statusLabel}</span></>}
                </p>
                <p>
                  {l.stale && <><span className="badge due">à vérifier</span>{" "}</>}
                  <span className={l.stale ? "due-text" : "muted"}>
                    {dueText(l.stale, l.dueAt, l.dispositif.lastVerifiedAt)}
                  </span>
                  {l.dispositif.lastVerifiedAt && <span className="muted small"> — dernière vérification le {formatDate(l.dispositif.lastVerifiedAt)}</span>}
                </p>
                <div className="actions">
                  <button type="button" onClick={() => verify(l)} disabled={busy === l.dispositif.id}
                    aria-label={`Rien n'a changé pour « ${l.dispositif.name} »`}>
                    {busy === l.dispositif.id ? "Enregistrement…" : "Rien n'a changé"}
                  </button>
                  <Link className="button secondary" to={`/dispositifs/${l.dispositif.id}/modifier`}
                    aria-label={`Modifier « ${l.dispositif.name} »`}>Modifier</Link>
                  <Link className="button secondary" to={`/dispositifs/${l.dispositif.id}/historique`}
                    aria-label={`Historique de « ${l.dispositif.name} »`}>Historique</Link>
                </div>
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
