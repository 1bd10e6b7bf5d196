import { useRef, useState } from "react";
import { Link, useParams } from "react-router";
import { ApiError, request } from "../api";
import { SignInFirst, formatDateTime, orEmpty, sentence, useSession } from "../account";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading, useTitle } from "../components";
import { graphql } from "../gql";

const HISTORY = graphql(`query HistoryHistory($id: ID!) {
  dispositif(id: $id) { id name version }
  readDrafts: can(op: "readDrafts", id: $id)
  update: can(op: "update", id: $id)
}`);

const REVISIONS = graphql(`query HistoryRevisions($id: ID!) {
  history(id: $id) {
    seq at actor op opLabel version
    changes { field label old new oldText newText }
    relation { type from to label }
  }
}`);

const REVERT = graphql(`mutation HistoryRevert($id: ID!, $version: Int!, $v: Int!) {
  revert(id: $id, version: $version, expectedVersion: $v) { id version }
}`);



export function HistoryPage() {
  const { id = "" } = useParams();
  const { me } = useSession();
  const head = useQuery(HISTORY, { id }, { skip: !me, reloadOn: me?.id });
  const allowed = !!head.data?.readDrafts;
  const revs = useQuery(REVISIONS, { id }, { skip: !allowed });
  const d = head.data?.dispositif;
  useTitle(d ? `Historique : ${d.name}` : "Historique");
  const [busy, setBusy] = useState<number | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const statusRef = useRef<HTMLDivElement>(null);

  if (me === undefined) return <Loading />;
  if (!me) return (<><h1>Historique</h1><SignInFirst what="L'historique d'une fiche" /></>);
  if (head.loading && !head.data) return <Loading />;
  if (head.error) return <ErrorBox error={head.error} />;
  if (!d) return null;
  if (!allowed) {
    return (
      <div>
        <h1>Historique : {d.name}</h1>
        <div className="error" role="alert">
          Vous ne pouvez pas consulter l'historique de cette fiche : il est réservé à l'organisation qui la porte et à la coordination de son territoire.
        </div>
      </div>
    );
  }

  const revert = async (version: number) => {
    setBusy(version);
    setDone(null);
    setFailure(null);
    try {
      const r = await request(REVERT, { id, version, v: d.version });
      setDone(`La fiche est revenue au contenu de la version ${version} (nouvelle version ${r.revert.version}).`);
      head.reload();
      revs.reload();
    } catch (e) {
      setFailure(e as ApiError);
      if ((e as ApiError).code === "CONFLICT") head.reload();
    } finally {
      setBusy(null);
      setTimeout(() => statusRef.current?.focus(), 0);
    }
  };

  // newest first; a listing loaded in bulk (reference data, import) starts with its loading
  // ("bulk-load"), whose content can be returned to like any version
  const list = [...(revs.data?.history ?? [])].reverse();
  return (
    <div className="history-page">
      <p className="kicker">Historique</p>
      <h1>{d.name}</h1>
      <p className="muted">
        <Link to={`/dispositifs/${d.id}`}>Voir la fiche</Link>
        {head.data!.update && <> · <Link to={`/dispositifs/${d.id}/modifier`}>Modifier</Link></>} · version actuelle : {d.version}
      </p>
      <div ref={statusRef} tabIndex={-1} aria-live="polite">
        {done && <p className="success" role="status">{done}</p>}
        {failure && <ErrorBox error={failure} />}
      </div>
      {revs.loading && !revs.data && <Loading />}
      {revs.error && <ErrorBox error={revs.error} />}
      {revs.data && (
        <>
          <p className="muted">{list.length} enregistrement{list.length > 1 ? "s" : ""}, du plus récent au plus ancien.</p>
          <ol className="timeline history" reversed>
            {list.map((r) => (
              <li key={r.seq} className={`revision op-${r.op}`}>
                <p className="revision-head">
                  <time dateTime={r.at}>{formatDateTime(r.at)}</time> — <strong>{r.actor || "auteur inconnu"}</strong> —{" "}
                  <span className="op">{r.opLabel}</span>
                  {r.version != null && <span className="muted"> (version {r.version}{r.version === d.version ? ", actuelle" : ""})</span>}
                </p>
                {r.op === "bulk-load" && <p className="muted">Contenu chargé (données initiales ou import), avant le premier enregistrement suivi.</p>}
                {r.op !== "bulk-load" && r.changes.length > 0 && (
                  <ul className="diffs">
                    {r.changes.map((c) => (
                      <li key={c.field}>
                        <span className="diff-label">{sentence(c.label).replace(/\.$/, "")} :</span>{" "}
                        <del>{orEmpty(c.oldText)}</del> <span aria-hidden="true">→</span><span className="visually-hidden">devient</span> <ins>{orEmpty(c.newText)}</ins>
                      </li>
                    ))}
                  </ul>
                )}
                {r.relation && (
                  <p className="relation-change">
                    {r.op === "unlink" ? "Relation retirée" : "Relation ajoutée"} : <Ends id={r.relation.from} /> {r.relation.label} <Ends id={r.relation.to} />
                  </p>
                )}
                {head.data!.update && r.version != null && r.version !== d.version && r.op !== "archive" && (
                  <button type="button" className="secondary mini-button" disabled={busy != null} onClick={() => revert(r.version!)}>
                    {busy === r.version ? "Retour en cours…" : "Revenir à cette version"}
                    <span className="visually-hidden"> (version {r.version})</span>
                  </button>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
    </div>
  );
}

// Ends links the end of a relation to its page when it is a dispositif or an organisation.
function Ends({ id }: { id: string }) {
  if (id.startsWith("dsp-")) return <Link to={`/dispositifs/${id}`}>{id}</Link>;
  if (id.startsWith("org-")) return <Link to={`/organisations/${id}`}>{id}</Link>;
  return <code>{id}</code>;
}
