import { Link, useParams } from "react-router";
import { language, openingHours, partialDate } from "../format";
import { useQuery } from "../useQuery";
import { graphql } from "../gql";
import type { AccessPathQuery } from "../gql/graphql";
import { CurrentNotices, EditLinks, OpenBadge } from "../listing";
import {
  AddressText, Contacts, ContactsOrUnknown, ErrorBox, useTitle, Figures, LinkList, Loading, NodeLink, Section, Sources, formatDate, formatNumber, money,
} from "../components";

const Q = graphql(`query Dispositif($id: ID!) { dispositif(id: $id) {
  id name acronyms type typeLabel status statusLabel description missions
  eligibility { ageMin ageMax adminStatusLabel genders familySituations conditions }
  accessModes accessModeLabels accessNotes
  contacts { kind value label }
  address { street complement postalCode city }
  openingHours hoursNote openNow closedNow hours { rules { label } } currentNotices { kind from to text } stale dueAt
  capacity { places etp note }
  staff { role count etp }
  languages cost lastVerifiedAt startedOn finess synthetic
  figures { label value unit year source { quote } }
  sources { dataset datasetLabel ref quote date }
  operators { __typename id name contacts { kind value label } }
  funders { funder { __typename id name } amount year }
  territories { __typename id name level }
  locatedIn { __typename id name }
  publics { id name }
  thematiques { id name }
  refersTo { to { __typename id name } conditions }
  referredFrom { from { __typename id name } conditions }
  requiresReferralBy { __typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name } }
  coordinators { __typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name } }
  partners { __typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name } }
}
  vocabularies { genders { slug label } familySituations { slug label } costs { slug label } }
}`);

type Term = { slug: string; label: string };
const labelOf = (terms: Term[], slug: string) => terms.find((t) => t.slug === slug)?.label ?? slug;

const UNKNOWN = <span className="unknown">Non précisé</span>;

function ageText(min: number | null, max: number | null) {
  if (min != null && max != null) return `de ${min} à ${max} ans`;
  if (min != null) return `${min} ans et plus`;
  if (max != null) return `jusqu'à ${max} ans`;
  return null;
}

const ACCESS = graphql(`query AccessPath($id: ID!) { accessPath(dispositif: $id) {
  direct contactsKnown
  steps { order description conditions relation options { id kind label node {
    ... on Organisation { contacts { kind value label } } ... on Dispositif { contacts { kind value label } } } } }
  fallback { departement { name } number115 siao { id name contacts { kind value label } } urgence { id name contacts { kind value label } } }
} }`);

type Access = AccessPathQuery["accessPath"];
type Reachable = NonNullable<Access["fallback"]>["siao"][number];
type StepNode = Access["steps"][number]["options"][number]["node"];
// contactsOf gives the contacts of a step's actor (a coordination body has none).
const contactsOf = (n: StepNode) => ("contacts" in n ? n.contacts : undefined);

// optionPath is the page of a step's option; a coordination body has none: the explorer shows it.
const optionPath = (o: { id: string; kind: string }) =>
  o.kind === "Dispositif" ? `/dispositifs/${o.id}` : o.kind === "Organisation" ? `/organisations/${o.id}` : o.kind === "Instance" ? `/explorer/${o.id}` : null;

// AccessSteps lists the steps a person goes through to reach the dispositif, from the first
// contact to the dispositif itself, each actor with its contacts (whom to call to be oriented);
// nothing when the API cannot say.
function AccessSteps({ id, a }: { id: string; a: Access | undefined }) {
  if (!a || a.steps.length < 2) return null;
  return (
    <>
      <h3>Étapes pour y arriver</h3>
      <ol className="access-path">
        {[...a.steps].sort((x, y) => x.order - y.order).map((s) => (
          <li key={s.order}>
            {s.description}
            {s.conditions && <span className="muted"> ({s.conditions})</span>}
            {s.options.some((o) => o.id !== id && optionPath(o)) && (
              <ul className="access-actors">
                {s.options.filter((o) => o.id !== id && optionPath(o)).map((o) => (
                  <li key={o.id}>
                    <Link to={optionPath(o)!}>{o.label}</Link>
                    <ContactsOrUnknown contacts={contactsOf(o.node)} />
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </>
  );
}

// AccessFallback says plainly that no contact is known on the way, and where to turn: the
// département's SIAO and the 115, which answers in every département.
function AccessFallback({ a }: { a: Access | undefined }) {
  const f = a?.fallback;
  if (!a || a.contactsKnown || !f) return null;
  const where = f.departement ? ` de ${f.departement.name}` : " du département";
  const listed = (ds: Reachable[]) => ds.map((d) => (
    <li key={d.id}><Link to={`/dispositifs/${d.id}`}>{d.name}</Link>{d.contacts.length > 0 && <Contacts contacts={d.contacts} />}</li>
  ));
  return (
    <div className="notice-box access-fallback" role="note">
      <p><strong>Aucun contact n'est connu</strong> pour ce dispositif, son organisation ni les acteurs qui y orientent.</p>
      <p>Pour être orienté·e, adressez-vous au SIAO{where}
        {f.siao.length ? " :" : " (ses coordonnées ne sont pas encore dans Maillage)"}</p>
      {f.siao.length > 0 && <ul>{listed(f.siao)}</ul>}
      <p>
        ou appelez le <a href={`tel:${f.number115}`}>{f.number115}</a>, numéro d'urgence sociale : gratuit, joignable
        24 h/24 et 7 j/7 dans chaque département.
      </p>
      {f.urgence.length > 0 && <ul>{listed(f.urgence)}</ul>}
    </div>
  );
}

export function DispositifPage() {
  const { id } = useParams();
  const { data, error, loading } = useQuery(Q, { id: id ?? "" });
  // The access steps come by their own query (a traversal that may fail without the sheet
  // failing); the sheet waits for them, so that they do not push the page down once read.
  const access = useQuery(ACCESS, { id: id ?? "" });
  useTitle(data?.dispositif?.name ?? (error ? "Dispositif introuvable" : null));
  if ((loading && !data) || (access.loading && !access.data && !access.error)) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const d = data?.dispositif;
  if (!d) return null;
  const v = data!.vocabularies;
  const e = d.eligibility;
  const age = ageText(e.ageMin, e.ageMax);
  // the API's French rules first; the app's own reading for what the API does not read
  const hours = d.hours?.rules.length
    ? d.hours.rules.map((r) => r.label.charAt(0).toUpperCase() + r.label.slice(1))
    : d.openingHours ? openingHours(d.openingHours) : null;
  return (
    <article className="sheet">
      <header>
        <p className="kicker">{d.typeLabel ?? "Dispositif"}</p>
        <h1>{d.name}</h1>
        {d.acronyms.length > 0 && <p className="muted">Aussi appelé : {d.acronyms.join(", ")}</p>}
        <p>
          <span className={`badge ${d.status}`}>{d.statusLabel}</span>{" "}
          <OpenBadge openNow={d.openNow} closedNow={d.closedNow} />{" "}
          {d.stale && <><span className="badge due">à vérifier</span>{" "}</>}
          {d.synthetic && <span className="badge synthetic">Donnée synthétique</span>}{" "}
          <span className="muted">
            {d.lastVerifiedAt ? `Dernière vérification : ${formatDate(d.lastVerifiedAt)}` : "Jamais vérifiée par son organisation"}
          </span>
        </p>
        <p className="actions">
          <Link className="button secondary" to={`/explorer/${encodeURIComponent(d.id)}`}>Voir dans le graphe</Link>
          <EditLinks id={d.id} dueAt={d.dueAt} stale={d.stale} lastVerifiedAt={d.lastVerifiedAt} />
        </p>
      </header>

      <CurrentNotices notices={d.currentNotices} />

      {d.description && <p className="lead">{d.description}</p>}

      <Section title="Missions" empty={!d.missions.length}>
        <ul>{d.missions.map((m, i) => <li key={i}>{m}</li>)}</ul>
      </Section>

      <section className="block grid2">
        <div>
          <h2>Pour qui</h2>
          <dl className="facts">
            <dt>Âge</dt><dd>{age ?? UNKNOWN}</dd>
            <dt>Situation administrative</dt><dd>{e.adminStatusLabel ?? UNKNOWN}</dd>
            {e.genders.length > 0 && (<><dt>Genre</dt><dd>{e.genders.map((g) => labelOf(v.genders, g)).join(", ")}</dd></>)}
            {e.familySituations.length > 0 && (<><dt>Situation familiale</dt><dd>{e.familySituations.map((f) => labelOf(v.familySituations, f)).join(", ")}</dd></>)}
            <dt>Publics</dt>
            <dd>
              {d.publics.length
                ? d.publics.map((p, i) => <span key={p.id}>{i > 0 && ", "}<Link to={`/dispositifs?public=${encodeURIComponent(p.id)}`}>{p.name}</Link></span>)
                : UNKNOWN}
            </dd>
          </dl>
          {e.conditions && <p>{e.conditions}</p>}
        </div>
        <div>
          <h2>Comment y accéder</h2>
          {d.accessModeLabels.length ? <ul>{d.accessModeLabels.map((m) => <li key={m}>{m}</li>)}</ul> : <p>{UNKNOWN}</p>}
          {d.accessNotes && <p>{d.accessNotes}</p>}
          {d.requiresReferralBy.length > 0 && (
            <p>Orientation par : {d.requiresReferralBy.map((n, i) => <span key={n.id}>{i > 0 && ", "}<NodeLink node={n} /></span>)}</p>
          )}
          <AccessSteps id={d.id} a={access.data?.accessPath} />
          <h3>Horaires</h3>
          {hours ? (
            <ul className="hours">{hours.map((h) => <li key={h}>{h}</li>)}</ul>
          ) : (
            <p>{d.openingHours ? <code>{d.openingHours}</code> : UNKNOWN}</p>
          )}
          {d.hoursNote && <p className="muted">{d.hoursNote}</p>}
          <dl className="facts">
            <dt>Coût</dt><dd>{d.cost ? labelOf(v.costs, d.cost) : UNKNOWN}</dd>
            {d.languages.length > 0 && (<><dt>Langues</dt><dd>{d.languages.map(language).join(", ")}</dd></>)}
          </dl>
          <h3>Contacts</h3>
          {d.contacts.length ? <Contacts contacts={d.contacts} /> : <p>{UNKNOWN}</p>}
          {!d.contacts.length && d.operators.filter((o) => o.contacts.length).map((o) => (
            <div key={o.id}>
              <p className="muted">Contacts de l'organisation qui le porte, <Link to={`/organisations/${o.id}`}>{o.name}</Link> :</p>
              <Contacts contacts={o.contacts} />
            </div>
          ))}
          <AccessFallback a={access.data?.accessPath} />
          <AddressText address={d.address} />
        </div>
      </section>

      <Section title="Territoires couverts" empty={!d.territories.length && !d.locatedIn.length}>
        {d.territories.length > 0 && <LinkList nodes={d.territories} />}
        {d.locatedIn.length > 0 && <p className="muted">Situé à : {d.locatedIn.map((t, i) => <span key={t.id}>{i > 0 && ", "}<NodeLink node={t} /></span>)}</p>}
      </Section>

      <Section title="Thématiques" empty={!d.thematiques.length}>
        <ul className="tags">
          {d.thematiques.map((t) => <li key={t.id}><Link to={`/dispositifs?thematique=${encodeURIComponent(t.id)}`}>{t.name}</Link></li>)}
        </ul>
      </Section>

      <Section title="Qui le porte" empty={!d.operators.length && !d.funders.length && !d.coordinators.length && !d.partners.length}>
        {d.operators.length > 0 && (<><h3>Opérateur</h3><LinkList nodes={d.operators} /></>)}
        {d.funders.length > 0 && (
          <>
            <h3>Financeurs</h3>
            <LinkList
              nodes={d.funders.map((f) => f.funder)}
              extra={(_, i) => money(d.funders[i])}
            />
          </>
        )}
        {d.coordinators.length > 0 && (<><h3>Coordination</h3><LinkList nodes={d.coordinators} /></>)}
        {d.partners.length > 0 && (<><h3>Partenaires</h3><LinkList nodes={d.partners} /></>)}
      </Section>

      <Section title="Orientations" empty={!d.refersTo.length && !d.referredFrom.length}>
        {d.referredFrom.length > 0 && (
          <>
            <h3>Orienté par</h3>
            <LinkList nodes={d.referredFrom.map((r) => r.from)} extra={(_, i) => d.referredFrom[i].conditions && <span className="muted"> — {d.referredFrom[i].conditions}</span>} />
          </>
        )}
        {d.refersTo.length > 0 && (
          <>
            <h3>Oriente vers</h3>
            <LinkList nodes={d.refersTo.map((r) => r.to)} extra={(_, i) => d.refersTo[i].conditions && <span className="muted"> — {d.refersTo[i].conditions}</span>} />
          </>
        )}
      </Section>

      <Section title="Moyens" empty={!d.staff.length && d.capacity.places == null && d.capacity.etp == null && !d.capacity.note}>
        {d.capacity.places != null && <p>{d.capacity.places} places</p>}
        {d.capacity.etp != null && <p>{formatNumber(d.capacity.etp)} ETP</p>}
        {d.capacity.note && <p className="muted">{d.capacity.note}</p>}
        {d.staff.length > 0 && (
          <ul>
            {d.staff.map((s, i) => (
              <li key={i}>
                {s.count != null ? `${formatNumber(s.count)} × ` : ""}{s.role}{s.etp != null ? ` (${formatNumber(s.etp)} ETP)` : ""}
              </li>
            ))}
          </ul>
        )}
      </Section>

      <Section title="En chiffres" empty={!d.figures.length}>
        <Figures figures={d.figures} />
      </Section>

      <footer className="sheet-footer">
        {d.startedOn && <p className="muted">En place depuis : {partialDate(d.startedOn)}</p>}
        {d.finess && <p className="muted">FINESS : {d.finess}</p>}
        <Sources sources={d.sources} />
      </footer>
    </article>
  );
}
