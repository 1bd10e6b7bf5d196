import { Link, useParams } from "react-router";
import { useQuery } from "../useQuery";
import { graphql } from "../gql";
import {
  AddressText, Contacts, ErrorBox, Figures, LinkList, Loading, NodeLink, Section, Sources, money, useTitle,
} from "../components";

const Q = graphql(`query Organisation($id: ID!) { organisation(id: $id) {
  id name acronyms typeLabel description siret finess synthetic
  address { street complement postalCode city }
  contacts { kind value label }
  figures { label value unit year source { quote } }
  sources { dataset datasetLabel ref quote date }
  dispositifs { __typename id name typeLabel }
  funders { funder { __typename id name } amount year }
  funded { recipient { __typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name } } amount year }
  partners { __typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name } }
  mandates { role other { __typename ... on Organisation { id name } ... on Dispositif { id name } } }
  mandatedBy { role other { __typename ... on Organisation { id name } ... on Dispositif { id name } } }
  memberOf { __typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name } }
  coordinates { __typename ... on Organisation { id name } ... on Dispositif { id name } ... on Instance { id name } }
  locatedIn { __typename id name }
  territories { __typename id name }
} }`);

export function OrganisationPage() {
  const { id } = useParams();
  const { data, error, loading } = useQuery(Q, { id: id ?? "" });
  useTitle(data?.organisation?.name ?? (error ? "Organisation introuvable" : null));
  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const o = data?.organisation;
  if (!o) return null;
  // a mandate links organisations and dispositifs, the only nodes the query names
  const mandates = o.mandates.flatMap((m) => ("id" in m.other ? [{ role: m.role, other: m.other }] : []));
  const mandatedBy = o.mandatedBy.flatMap((m) => ("id" in m.other ? [{ role: m.role, other: m.other }] : []));
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
      <Section title="Mandats" empty={!mandates.length && !mandatedBy.length}>
        {mandates.length > 0 && (<><h3>Donne mandat à</h3><LinkList nodes={mandates.map((m) => m.other)} extra={(_, i) => mandates[i].role && <span className="muted"> — {mandates[i].role}</span>} /></>)}
        {mandatedBy.length > 0 && (<><h3>Mandatée par</h3><LinkList nodes={mandatedBy.map((m) => m.other)} extra={(_, i) => mandatedBy[i].role && <span className="muted"> — {mandatedBy[i].role}</span>} /></>)}
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
