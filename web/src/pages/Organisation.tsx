import { Link, useParams } from "react-router";
import { useQuery } from "../useQuery";
import {
  AddressText, Contacts, ErrorBox, Figures, LinkList, Loading, NodeLink, Section, Sources, money, useTitle,
  type Address, type Contact, type Figure, type NodeRef, type Source,
} from "../components";

const ACTOR = `__typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name }`;

const Q = `query($id: ID!) { organisation(id: $id) {
  id name acronyms typeLabel description siret finess synthetic
  address { street complement postalCode city }
  contacts { kind value label }
  figures { label value unit year source { quote } }
  sources { dataset datasetLabel ref quote date }
  dispositifs { __typename id name typeLabel }
  funders { funder { __typename id name } amount year }
  funded { recipient { ${ACTOR} } amount year }
  partners { ${ACTOR} }
  mandates { role other { __typename ... on Organisation { id name } ... on Dispositif { id name } } }
  mandatedBy { role other { __typename ... on Organisation { id name } ... on Dispositif { id name } } }
  memberOf { ${ACTOR} }
  coordinates { ${ACTOR} }
  locatedIn { __typename id name }
  territories { __typename id name }
} }`;

type Funding = { amount: number | null; year: number | null };
type O = {
  id: string; name: string; acronyms: string[]; typeLabel: string | null; description: string | null; siret: string | null; finess: string | null; synthetic: boolean;
  address: Address | null; contacts: Contact[]; figures: Figure[]; sources: Source[];
  dispositifs: (NodeRef & { typeLabel: string | null })[];
  funders: (Funding & { funder: NodeRef })[]; funded: (Funding & { recipient: NodeRef })[];
  partners: NodeRef[]; mandates: { role: string | null; other: NodeRef }[]; mandatedBy: { role: string | null; other: NodeRef }[];
  memberOf: NodeRef[]; coordinates: NodeRef[]; locatedIn: NodeRef[]; territories: NodeRef[];
};

export function OrganisationPage() {
  const { id } = useParams();
  const { data, error, loading } = useQuery<{ organisation: O | null }>(Q, { id });
  useTitle(data?.organisation?.name ?? (error ? "Organisation introuvable" : null));
  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const o = data?.organisation;
  if (!o) return null;
  return (
    <article className="sheet">
      <header>
        <p className="kicker">{o.typeLabel ?? "Organisation"}</p>
        <h1>{o.name}</h1>
        {o.acronyms.length > 0 && <p className="muted">Aussi appelée : {o.acronyms.join(", ")}</p>}
        {o.synthetic && <span className="badge synthetic">Donnée synthétique</span>}
        <p><Link className="button secondary" to={`/explorer/${encodeURIComponent(o.id)}`}>Voir dans le graphe</Link></p>
      </header>
      {o.description && <p className="lead">{o.description}</p>}
      <Section title="Coordonnées">
        {o.contacts.length > 0 ? <Contacts contacts={o.contacts} /> : <p className="unknown">Contacts non précisés</p>}
        <AddressText address={o.address} fallback={<p className="unknown">Adresse non précisée</p>} />
      </Section>
      <Section title="Dispositifs opérés" empty={!o.dispositifs.length}>
        <LinkList nodes={o.dispositifs} extra={(_, i) => o.dispositifs[i].typeLabel && <span className="muted"> — {o.dispositifs[i].typeLabel}</span>} />
      </Section>
      <Section title="Financements" empty={!o.funders.length && !o.funded.length}>
        {o.funded.length > 0 && (<><h3>Finance</h3><LinkList nodes={o.funded.map((f) => f.recipient)} extra={(_, i) => money(o.funded[i])} /></>)}
        {o.funders.length > 0 && (<><h3>Financée par</h3><LinkList nodes={o.funders.map((f) => f.funder)} extra={(_, i) => money(o.funders[i])} /></>)}
      </Section>
      <Section title="Mandats" empty={!o.mandates.length && !o.mandatedBy.length}>
        {o.mandates.length > 0 && (<><h3>Donne mandat à</h3><LinkList nodes={o.mandates.map((m) => m.other)} extra={(_, i) => o.mandates[i].role && <span className="muted"> — {o.mandates[i].role}</span>} /></>)}
        {o.mandatedBy.length > 0 && (<><h3>Mandatée par</h3><LinkList nodes={o.mandatedBy.map((m) => m.other)} extra={(_, i) => o.mandatedBy[i].role && <span className="muted"> — {o.mandatedBy[i].role}</span>} /></>)}
      </Section>
      <Section title="Liens" empty={!o.partners.length && !o.memberOf.length && !o.coordinates.length}>
        {o.partners.length > 0 && (<><h3>Partenaires</h3><LinkList nodes={o.partners} /></>)}
        {o.coordinates.length > 0 && (<><h3>Coordonne</h3><LinkList nodes={o.coordinates} /></>)}
        {o.memberOf.length > 0 && (<><h3>Membre de</h3><LinkList nodes={o.memberOf} /></>)}
      </Section>
      <Section title="Territoires" empty={!o.territories.length && !o.locatedIn.length}>
        {o.territories.length > 0 && <LinkList nodes={o.territories} />}
        {o.locatedIn.length > 0 && <p className="muted">Située à : {o.locatedIn.map((t, i) => <span key={t.id}>{i > 0 && ", "}<NodeLink node={t} /></span>)}</p>}
      </Section>
      <Section title="En chiffres" empty={!o.figures.length}>
        <Figures figures={o.figures} />
      </Section>
      <footer className="sheet-footer">
        {o.siret && <p className="muted">SIRET : {o.siret}</p>}
        {o.finess && <p className="muted">FINESS : {o.finess}</p>}
        <Sources sources={o.sources} />
      </footer>
    </article>
  );
}
