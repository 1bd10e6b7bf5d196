// What the dispositif page and the search results show about a listing's freshness and
// opening: « Ouvert maintenant » / « Fermé », its current closures and messages, and the links
// to edit it and to read its history for those allowed to.
import { Link } from "react-router";
import { useSession } from "./account";
import { formatDate } from "./components";
import { partialDate } from "./format";
import { graphql } from "./gql";
import { useQuery } from "./useQuery";

// OpenBadge: « Fermé » during a closure (status or temporary closure), else what the hours say
// now; nothing when the hours are not known.
export function OpenBadge({ openNow, closedNow }: { openNow: boolean | null; closedNow?: boolean | null }) {
  if (closedNow) return <span className="badge closed open-badge">Fermé</span>;
  if (openNow === true) return <span className="badge open open-badge">Ouvert maintenant</span>;
  if (openNow === false) return <span className="badge shut open-badge">Fermé en ce moment</span>;
  return null;
}

export type Notice = { kind: string; from: string; to: string | null; text: string | null };

export function noticeDates(n: Notice): string {
  if (!n.to) return `depuis le ${partialDate(n.from)}, jusqu'à nouvel ordre`;
  if (n.to === n.from) return `le ${partialDate(n.from)}`;
  return `du ${partialDate(n.from)} au ${partialDate(n.to)}`;
}

// CurrentNotices highlights the closures and messages that apply today.
export function CurrentNotices({ notices }: { notices: Notice[] }) {
  if (!notices.length) return null;
  return (
    <section className="current-notices" aria-label="Annonces en cours">
      {notices.map((n, i) => (
        <div key={i} className={`notice-box ${n.kind}`} role="note">
          <strong>{n.kind === "closure" ? "Fermeture temporaire" : "Information"}</strong> <span>({noticeDates(n)})</span>
          {n.text && <p>{n.text}</p>}
        </div>
      ))}
    </section>
  );
}

const CAN = graphql(`query Can($id: ID!) { update: can(op: "update", id: $id) readDrafts: can(op: "readDrafts", id: $id) }`);

// EditLinks shows « Modifier » and « Historique » to those the server allows (it checks again
// on every write).
export function EditLinks({ id, dueAt, stale, lastVerifiedAt }: { id: string; dueAt?: string | null; stale?: boolean; lastVerifiedAt?: string | null }) {
  const { me } = useSession();
  const { data } = useQuery(CAN, { id }, { skip: !me, reloadOn: me?.id });
  if (!me || !data || (!data.update && !data.readDrafts)) return null;
  return (
    <>
      {data.update && <Link className="button" to={`/dispositifs/${id}/modifier`}>Modifier</Link>}
      {data.readDrafts && <Link className="button secondary" to={`/dispositifs/${id}/historique`}>Historique</Link>}
      {data.update && dueAt && (
        <span className={stale ? "due-text small" : "muted small"}>
          {dueText(!!stale, dueAt, lastVerifiedAt)}
        </span>
      )}
    </>
  );
}

// dueText says when a listing is to verify. A listing never verified is to verify now, whatever
// its age (the API counts it stale): no due date is made up for it.
export function dueText(stale: boolean, dueAt: string, lastVerifiedAt: string | null | undefined): string {
  if (!lastVerifiedAt) return stale ? "Jamais vérifiée par son organisation" : "Jamais vérifiée par son organisation : à vérifier";
  return stale ? `Vérification attendue depuis le ${formatDate(dueAt)}` : `Prochaine vérification avant le ${formatDate(dueAt)}`;
}
