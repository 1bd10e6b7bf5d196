import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link } from "react-router";
import { ApiError, request } from "../api";
import { FieldError, SignInFirst, isCoordinator, useSession, type Ref } from "../account";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading, formatDate, useTitle } from "../components";
import { graphql } from "../gql";
import type { InviteMutation, PendingReviewsQuery } from "../gql/graphql";

const STALE = graphql(`query StaleListings($t: ID!, $s: String!) {
  staleListings(territory: $t, first: 100) {
    verifiedAt dueAt monthsSinceVerified
    dispositif { id name typeLabel lastVerifiedAt operators { id name } }
  }
  diagnostics(territory: $s) { stale { months total stale neverVerified verifiedShare } }
}`);

const REVIEWS = graphql(`query PendingReviews { pendingReviews(first: 100) {
  node { id version __typename ... on Dispositif { name } ... on Organisation { name } }
  review { index kind dataset datasetLabel date field text at }
} }`);

const RESOLVE = graphql(`mutation ResolveReview($id: ID!, $index: Int!, $accept: Boolean!, $v: Int!) {
  resolveReview(id: $id, index: $index, accept: $accept, expectedVersion: $v) { id version }
}`);

type Pending = PendingReviewsQuery["pendingReviews"][number];

// SourceReviews lists what imports raised instead of overwriting a partner's edit (« la source
// indique … ») or deleting a listing gone from its source; the coordinator accepts or dismisses.
function SourceReviews() {
  const { data, error, loading, reload } = useQuery(REVIEWS, {});
  const [busy, setBusy] = useState("");
  const [failure, setFailure] = useState<ApiError | null>(null);
  const list = data?.pendingReviews ?? [];
  const decide = (p: Pending, accept: boolean) => {
    setBusy(`${p.node.id}/${p.review.index}`);
    setFailure(null);
    request(RESOLVE, { id: p.node.id, index: p.review.index, accept, v: p.node.version })
      .then(() => reload())
      .catch((e: ApiError) => setFailure(e))
      .finally(() => setBusy(""));
  };
  return (
    <section className="block" aria-labelledby="source-reviews">
      <h2 id="source-reviews">Différences signalées par les imports</h2>
      {loading && !data && <Loading />}
      {error && <ErrorBox error={error} />}
      {failure && <ErrorBox error={failure} />}
      {data && (list.length === 0 ? (
        <p className="success">Aucune différence en attente : les données ouvertes importées concordent avec les fiches.</p>
      ) : (
        <div className="table-wrap">
          <table className="table reviews-table">
            <thead>
              <tr><th scope="col">Fiche</th><th scope="col">Ce que dit la source</th><th scope="col">Source</th><th scope="col">Décision</th></tr>
            </thead>
            <tbody>
              {list.map((p) => {
                const key = `${p.node.id}/${p.review.index}`;
                const withdrawn = p.review.kind === "withdrawn";
                return (
                  <tr key={key}>
                    <td><Link to={p.node.__typename === "Organisation" ? `/organisations/${p.node.id}` : `/dispositifs/${p.node.id}`}>{"name" in p.node ? p.node.name : p.node.id}</Link></td>
                    <td>{p.review.text}</td>
                    <td>{p.review.datasetLabel}{p.review.date && <span className="muted small"> (données du {formatDate(p.review.date)})</span>}</td>
                    <td>
                      <button type="button" disabled={busy === key} onClick={() => decide(p, true)}>{withdrawn ? "Archiver la fiche" : "Reprendre la valeur de la source"}</button>{" "}
                      <button type="button" className="secondary" disabled={busy === key} onClick={() => decide(p, false)}>{withdrawn ? "Garder la fiche" : "Garder la fiche telle quelle"}</button>
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ))}
    </section>
  );
}

const PEOPLE = graphql(`query People {
  accounts { id email displayName role roleLabel disabled createdAt organisations { id name } territories { id name } }
  invitations { id email role roleLabel expiresAt redeemedAt organisations { id name } territories { id name } }
}`);

const ORGS = graphql(`query CoordinatorOrganisations($text: String) { organisations(filter: { text: $text }, first: 10) { edges { node { id name } } } }`);

const INVITE = graphql(`mutation Invite($email: String!, $role: String!, $organisation: ID, $territory: ID) {
  invite(email: $email, role: $role, organisation: $organisation, territory: $territory) {
    id email role roleLabel expiresAt redeemedAt token organisations { id name } territories { id name }
  }
}`);

type Invitation = InviteMutation["invite"];

const months = (n: number) => (n <= 0 ? "moins d'un mois" : `${n} mois`);

function StaleListings({ territory }: { territory: Ref }) {
  const { data, error, loading } = useQuery(STALE, { t: territory.id, s: territory.id });
  const list = data?.staleListings ?? [];
  const share = data?.diagnostics.stale;
  return (
    <section className="block" aria-labelledby={`stale-${territory.id}`}>
      <h2 id={`stale-${territory.id}`}>Fiches à vérifier — {territory.name}</h2>
      {loading && !data && <Loading />}
      {error && <ErrorBox error={error} />}
      {share && share.total > 0 && (
        <p className="verified-share">
          <strong>{Math.round((share.verifiedShare ?? 0) * 100)} %</strong> des fiches du territoire vérifiées dans les {share.months} derniers mois
          ({share.total - share.stale} sur {share.total}) ; {share.neverVerified} jamais vérifiée{share.neverVerified > 1 ? "s" : ""} par leur organisation.
        </p>
      )}
      {data && (list.length === 0 ? (
        <p className="success">Toutes les fiches du territoire sont à jour.</p>
      ) : (
        <>
          <p className="muted">{list.length} fiche{list.length > 1 ? "s" : ""} en retard de vérification, la plus ancienne en premier.</p>
          <div className="table-wrap">
            <table className="table stale-table">
              <thead>
                <tr><th scope="col">Dispositif</th><th scope="col">Opérateur</th><th scope="col">Dernière vérification</th><th scope="col">Attendue le</th></tr>
              </thead>
              <tbody>
                {list.map((s) => (
                  <tr key={s.dispositif.id}>
                    <td><Link to={`/dispositifs/${s.dispositif.id}`}>{s.dispositif.name}</Link></td>
                    <td>{s.dispositif.operators.map((o) => o.name).join(", ") || <span className="unknown">Non précisé</span>}</td>
                    <td>{s.dispositif.lastVerifiedAt
                      ? <>{formatDate(s.verifiedAt)} <span className="muted small">(il y a {months(s.monthsSinceVerified)})</span></>
                      : <span className="due-text">Jamais vérifiée</span>}</td>
                    <td>{s.dispositif.lastVerifiedAt ? formatDate(s.dueAt) : "Dès maintenant"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ))}
    </section>
  );
}

// OrganisationPicker finds an organisation by its name and keeps its id.
function OrganisationPicker({ value, onChange, error }: { value: string; onChange: (id: string) => void; error?: string }) {
  const [text, setText] = useState("");
  const [found, setFound] = useState<Ref[]>([]);
  useEffect(() => {
    if (text.trim().length < 2) {
      setFound([]);
      return;
    }
    let live = true;
    const t = setTimeout(() => {
      request(ORGS, { text: text.trim() })
        .then((d) => live && setFound(d.organisations.edges.map((e) => e.node)))
        .catch(() => live && setFound([]));
    }, 250);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [text]);
  useEffect(() => {
    if (found.length && !found.some((o) => o.id === value)) onChange(found[0].id);
  }, [found, value, onChange]);
  return (
    <>
      <div className="field">
        <label htmlFor="inv-org-search">Organisation : rechercher par le nom</label>
        <input id="inv-org-search" type="search" value={text} onChange={(e) => setText(e.target.value)} placeholder="ex. Passerelle, Samusocial" autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="inv-org">Organisation</label>
        <select id="inv-org" value={value} onChange={(e) => onChange(e.target.value)} aria-invalid={!!error || undefined}
          aria-describedby={error ? "inv-org-erreur" : undefined}>
          {!found.length && <option value="">{text.trim().length < 2 ? "Tapez au moins deux lettres ci-dessus" : "Aucune organisation trouvée"}</option>}
          {found.map((o) => <option key={o.id} value={o.id}>{o.name}</option>)}
        </select>
        <FieldError id="inv-org-erreur" message={error} />
      </div>
    </>
  );
}

function InviteForm({ territories, admin, onInvited }: { territories: Ref[]; admin: boolean; onInvited: (i: Invitation) => void }) {
  const [email, setEmail] = useState("");
  const [role, setRole] = useState("partner");
  const [organisation, setOrganisation] = useState("");
  const [territory, setTerritory] = useState(territories[0]?.id ?? "");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [sent, setSent] = useState<Invitation | null>(null);
  const [busy, setBusy] = useState(false);
  const linkRef = useRef<HTMLInputElement>(null);
  useEffect(() => {
    if (sent) linkRef.current?.focus();
  }, [sent]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setSent(null);
    const errs: Record<string, string> = {};
    if (!email.trim()) errs.email = "Indiquez l'adresse e-mail de la personne à inviter.";
    if (role === "partner" && !organisation) errs.organisation = "Choisissez l'organisation dont la personne tiendra les fiches.";
    if (role === "coordinator" && !territory) errs.territory = "Choisissez le territoire à coordonner.";
    setFields(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    try {
      const d = await request(INVITE, {
        email: email.trim(), role,
        organisation: role === "partner" ? organisation : null,
        territory: role === "coordinator" ? territory : null,
      });
      setSent(d.invite);
      onInvited(d.invite);
      setEmail("");
    } catch (err) {
      const ae = err as ApiError;
      if (Object.keys(ae.fields).length) setFields(ae.fields);
      // a refusal about the organisation or the territory is said beside it
      else if (ae.code === "FORBIDDEN" && role === "partner") setFields({ organisation: ae.message });
      else if (ae.code === "FORBIDDEN" && role === "coordinator") setFields({ territory: ae.message });
      else setFailure(ae);
    } finally {
      setBusy(false);
    }
  };

  const link = sent?.token ? `${location.origin}/invitation/${sent.token}` : "";
  return (
    <section className="block" aria-labelledby="inviter">
      <h2 id="inviter">Inviter une personne</h2>
      <p className="muted">Maillage n'envoie pas d'e-mail : transmettez vous-même le lien d'invitation, valable 7 jours.</p>
      {failure && <ErrorBox error={failure} />}
      {sent && (
        <div className="success invitation-sent" role="status">
          <p>Invitation créée pour {sent.email} ({sent.roleLabel}). Envoyez-lui ce lien :</p>
          <label htmlFor="inv-link" className="visually-hidden">Lien d'invitation</label>
          <input id="inv-link" className="invitation-link" readOnly value={link} ref={linkRef} onFocus={(e) => e.target.select()} />
          <p className="small">Il ne sera plus affiché : copiez-le maintenant.</p>
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate>
        <div className="field">
          <label htmlFor="inv-email">Adresse e-mail</label>
          <input id="inv-email" type="email" autoComplete="off" value={email} onChange={(e) => setEmail(e.target.value)}
            aria-invalid={!!fields.email || undefined} aria-describedby={fields.email ? "inv-email-erreur" : undefined} />
          <FieldError id="inv-email-erreur" message={fields.email} />
        </div>
        <div className="field">
          <label htmlFor="inv-role">Rôle</label>
          <select id="inv-role" value={role} onChange={(e) => setRole(e.target.value)}
            aria-invalid={!!fields.role || undefined} aria-describedby={fields.role ? "inv-role-erreur" : undefined}>
            <option value="partner">Partenaire (tient les fiches de son organisation)</option>
            <option value="coordinator">Coordination territoriale</option>
            {admin && <option value="admin">Administration</option>}
          </select>
          <FieldError id="inv-role-erreur" message={fields.role} />
        </div>
        {role === "partner" && <OrganisationPicker value={organisation} onChange={setOrganisation} error={fields.organisation ?? fields.organisations} />}
        {role === "coordinator" && (
          <div className="field">
            <label htmlFor="inv-territory">Territoire</label>
            {territories.length ? (
              <select id="inv-territory" value={territory} onChange={(e) => setTerritory(e.target.value)}
                aria-invalid={!!(fields.territory ?? fields.territories) || undefined} aria-describedby={(fields.territory ?? fields.territories) ? "inv-territory-erreur" : undefined}>
                {territories.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
              </select>
            ) : (
              <input id="inv-territory" value={territory} placeholder="ex. dep-52" onChange={(e) => setTerritory(e.target.value)}
                aria-invalid={!!(fields.territory ?? fields.territories) || undefined} aria-describedby={(fields.territory ?? fields.territories) ? "inv-territory-erreur" : undefined} />
            )}
            <FieldError id="inv-territory-erreur" message={fields.territory ?? fields.territories} />
          </div>
        )}
        <div className="form-actions">
          <button type="submit" disabled={busy}>{busy ? "Création…" : "Créer l'invitation"}</button>
        </div>
      </form>
    </section>
  );
}

export function CoordinatorPage() {
  useTitle("Suivi du territoire");
  const { me } = useSession();
  const allowed = isCoordinator(me);
  const people = useQuery(PEOPLE, {}, { skip: !allowed, reloadOn: me?.id });
  const [adminTerritory, setAdminTerritory] = useState("");
  const [shownTerritory, setShownTerritory] = useState<Ref | null>(null);

  if (me === undefined) return <Loading />;
  if (!me) return (<><h1>Suivi du territoire</h1><SignInFirst what="Le suivi du territoire" /></>);
  if (!allowed) {
    return (
      <div>
        <h1>Suivi du territoire</h1>
        <div className="error" role="alert">Cette page est réservée à la coordination territoriale (SIAO) et à l'administration.</div>
        <p><Link to="/mes-fiches">Voir mes fiches</Link></p>
      </div>
    );
  }
  const territories = [...me.territories, ...(shownTerritory && !me.territories.some((t) => t.id === shownTerritory.id) ? [shownTerritory] : [])];
  const invitations = people.data?.invitations ?? [];
  return (
    <div>
      <h1>Suivi du territoire</h1>
      <p className="muted">
        {me.territories.length ? `Territoire${me.territories.length > 1 ? "s" : ""} : ${me.territories.map((t) => t.name).join(", ")}.` : "Administration : choisissez un territoire."}
      </p>
      {me.role === "admin" && (
        <form className="form inline-form" onSubmit={(e) => { e.preventDefault(); if (adminTerritory.trim()) setShownTerritory({ id: adminTerritory.trim(), name: adminTerritory.trim() }); }}>
          <div className="field">
            <label htmlFor="admin-territory">Territoire à examiner (identifiant)</label>
            <div className="search-row">
              <input id="admin-territory" value={adminTerritory} placeholder="ex. dep-52, reg-11" onChange={(e) => setAdminTerritory(e.target.value)} />
              <button type="submit">Afficher</button>
            </div>
          </div>
        </form>
      )}
      {territories.map((t) => <StaleListings key={t.id} territory={t} />)}
      <SourceReviews />

      <section className="block" aria-labelledby="membres">
        <h2 id="membres">Membres</h2>
        {people.loading && !people.data && <Loading />}
        {people.error && <ErrorBox error={people.error} />}
        {people.data && (people.data.accounts.length === 0 ? <p className="muted">Aucun compte pour l'instant.</p> : (
          <div className="table-wrap">
            <table className="table accounts-table">
              <thead><tr><th scope="col">Nom</th><th scope="col">Adresse e-mail</th><th scope="col">Rôle</th><th scope="col">Organisations ou territoires</th></tr></thead>
              <tbody>
                {people.data.accounts.map((a) => (
                  <tr key={a.id} className={a.disabled ? "disabled" : undefined}>
                    <td>{a.displayName || <span className="unknown">Non précisé</span>}{a.disabled && <span className="badge closed"> désactivé</span>}</td>
                    <td>{a.email}</td>
                    <td>{a.roleLabel}</td>
                    <td>{[...a.organisations, ...a.territories].map((r) => r.name).join(", ")}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ))}
      </section>

      <InviteForm territories={me.territories} admin={me.role === "admin"}
        onInvited={(i) => people.data && people.setData({ ...people.data, invitations: [i, ...people.data.invitations] })} />

      <section className="block" aria-labelledby="invitations">
        <h2 id="invitations">Invitations envoyées</h2>
        {people.data && (invitations.length === 0 ? <p className="muted">Aucune invitation.</p> : (
          <ul className="invitations">
            {invitations.map((i) => (
              <li key={i.id}>
                <strong>{i.email}</strong> — {i.roleLabel}
                {[...i.organisations, ...i.territories].length > 0 && ` — ${[...i.organisations, ...i.territories].map((r) => r.name).join(", ")}`}
                {" — "}
                {i.redeemedAt ? <span className="ok-text">acceptée le {formatDate(i.redeemedAt)}</span>
                  : new Date(i.expiresAt) < new Date() ? <span className="muted">expirée le {formatDate(i.expiresAt)}</span>
                  : <span>en attente, valable jusqu'au {formatDate(i.expiresAt)}</span>}
              </li>
            ))}
          </ul>
        ))}
      </section>
    </div>
  );
}
