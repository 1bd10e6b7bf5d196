import { Suspense, useCallback, useEffect, useRef, useState, type ReactNode } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import type { ApiError } from "./api";
import { AccountMenu } from "./account";

export function Layout() {
  const { pathname } = useLocation();
  // the graph pages use the whole width of the screen
  const wide = /^\/(explorer|parcours\/|analyse)/.test(pathname);
  // On small screens the menu folds behind a button, so that the page starts near the top; it
  // folds again when a link of it is followed.
  const [menuOpen, setMenuOpen] = useState(false);
  useEffect(() => setMenuOpen(false), [pathname]);
  return (
    <>
      <a className="skip" href="#contenu">Aller au contenu</a>
      <header className="site-header">
        <Link to="/" className="brand" aria-label="Maillage, accueil">
          <span className="brand-mark" aria-hidden="true">◈</span> Maillage
        </Link>
        <button type="button" className="menu-button secondary" aria-expanded={menuOpen} aria-controls="site-menu"
          onClick={() => setMenuOpen((o) => !o)}>
          <span aria-hidden="true">☰</span> Menu
        </button>
        <div id="site-menu" className={menuOpen ? "site-menu open" : "site-menu"}>
          <nav aria-label="Navigation principale">
            <NavLink to="/" end>Accueil</NavLink>
            <NavLink to="/rechercher">Rechercher</NavLink>
            <NavLink to="/dispositifs">Dispositifs</NavLink>
            <NavLink to="/organisations">Organisations</NavLink>
            <NavLink to="/territoires">Territoires</NavLink>
            <NavLink to="/analyse">Analyse</NavLink>
            <NavLink to="/explorer">Graphe</NavLink>
            <NavLink to="/parcours">Parcours</NavLink>
            <a href="/graphiql">API</a>
          </nav>
          <AccountMenu />
        </div>
      </header>
      <main id="contenu" tabIndex={-1} className={wide ? "wide" : undefined}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
      <footer className="site-footer">
        Maillage — annuaire ouvert de l'offre sociale. Données : documents sources, FINESS, INSEE (COG 2026), data·inclusion, ANCT (France services), DILA (annuaire de l'administration) ; Licence Ouverte 2.0, données ouvertes sur /opendata/.
      </footer>
    </>
  );
}

// useTitle names the page in the browser tab and for screen readers, which announce it.
export function useTitle(title?: string | null) {
  useEffect(() => {
    document.title = title ? `${title} — Maillage` : "Maillage — l'offre sociale et ses liens";
  }, [title]);
}

export function Loading() {
  return <p className="muted" role="status">Chargement…</p>;
}

export function ErrorBox({ error }: { error: ApiError }) {
  return (
    <div className="error" role="alert" tabIndex={-1}>
      <strong>{error.code === "NOT_FOUND" ? "Introuvable." : "Une erreur est survenue."}</strong> {error.message}
    </div>
  );
}

// useOutcome places the outcome of an action where the person looks: after the render that
// shows it (errors to correct, a save confirmed), focus moves to the first focusable-by-script
// element (tabindex=-1) inside the returned ref and it is brought to the middle of the screen.
// A button at the bottom of a long form would otherwise confirm 2,000 px above, out of sight,
// with focus lost on <body> (the button was disabled while saving). Focusing an element with
// role=alert or role=status has screen readers read it.
export function useOutcome<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  const [shown, setShown] = useState(0);
  useEffect(() => {
    const box = ref.current;
    if (!shown || !box) return;
    const el = box.matches('[tabindex="-1"]') ? box : box.querySelector<HTMLElement>('[tabindex="-1"]') ?? box;
    el.focus({ preventScroll: true });
    el.scrollIntoView({ block: "center" });
  }, [shown]);
  const announce = useCallback(() => setShown((n) => n + 1), []);
  return { ref, announce };
}

// Section renders a titled block, or nothing when it has no content.
export function Section({ title, children, empty }: { title: string; children: ReactNode; empty?: boolean }) {
  if (empty) return null;
  return (
    <section className="block">
      <h2>{title}</h2>
      {children}
    </section>
  );
}

export type NodeRef = { __typename?: string; id: string; name: string };

// nodePath is the app route of a node, by its GraphQL type.
export function nodePath(n: NodeRef & { code?: string }): string {
  switch (n.__typename) {
    case "Organisation":
      return `/organisations/${n.id}`;
    case "Territory":
      return `/territoires/${n.id}`;
    case "Dispositif":
      return `/dispositifs/${n.id}`;
  }
  return `/dispositifs/${n.id}`;
}

export function NodeLink({ node }: { node: NodeRef }) {
  if (node.__typename === "Instance") return <span>{node.name}</span>;
  return <Link to={nodePath(node)}>{node.name}</Link>;
}

export function LinkList({ nodes, extra }: { nodes: NodeRef[]; extra?: (n: NodeRef, i: number) => ReactNode }) {
  return (
    <ul className="links">
      {nodes.map((n, i) => (
        <li key={n.id + i}>
          <NodeLink node={n} />
          {extra?.(n, i)}
        </li>
      ))}
    </ul>
  );
}

export type Source = { dataset: string; datasetLabel: string; ref?: string | null; quote?: string | null; date?: string | null };

// Sources says where every fact comes from, with the passage quoted, so a reader can check it.
export function Sources({ sources }: { sources: Source[] }) {
  if (!sources.length) return null;
  return (
    <section className="block sources" aria-label="Sources">
      <h2>Sources</h2>
      <ul>
        {sources.map((s, i) => (
          <li key={i}>
            Source : {s.ref ? <cite>{s.ref}</cite> : null}
            {s.ref ? <span className="muted"> ({s.datasetLabel})</span> : <strong>{s.datasetLabel}</strong>}
            {s.date ? <span className="source-date"> — données du {formatDate(s.date)}</span> : null}
            {s.quote ? <blockquote>« {s.quote} »</blockquote> : null}
          </li>
        ))}
      </ul>
    </section>
  );
}

export function formatDate(iso?: string | null): string {
  if (!iso) return "";
  return new Date(iso).toLocaleDateString("fr-FR", { day: "numeric", month: "long", year: "numeric" });
}

export function formatNumber(n: number, unit?: string | null): string {
  const s = n.toLocaleString("fr-FR");
  if (!unit) return s;
  return unit === "%" ? `${s} %` : `${s} ${unit}`;
}

// money describes a funding: " — 70 000 €, 2017".
export function money(f: { amount: number | null; year: number | null }) {
  const parts = [f.amount != null ? formatNumber(f.amount, "€") : null, f.year ? String(f.year) : null].filter(Boolean);
  return parts.length ? <span className="muted"> — {parts.join(", ")}</span> : null;
}

export type Contact = { kind: string; value: string; label?: string | null };

// ContactsOrUnknown lists an actor's contacts on the way to a service, or says none is known.
export function ContactsOrUnknown({ contacts }: { contacts?: Contact[] }) {
  return contacts?.length ? <Contacts contacts={contacts} /> : <span className="muted small"> — contacts non précisés</span>;
}

export function Contacts({ contacts }: { contacts: Contact[] }) {
  return (
    <ul className="contacts">
      {contacts.map((c, i) => {
        const href = c.kind === "phone" ? `tel:${c.value.replace(/[^0-9+]/g, "")}` : c.kind === "email" ? `mailto:${c.value}` : c.value;
        const kind = c.kind === "phone" ? "Téléphone" : c.kind === "email" ? "Courriel" : "Site web";
        return (
          <li key={i}>
            <span className="muted">{c.label ? `${c.label} — ` : ""}{kind} :</span> <a href={href}>{c.value}</a>
          </li>
        );
      })}
    </ul>
  );
}

export type Figure = { label: string; value: number; unit?: string | null; year?: number | null; source?: { quote?: string | null } | null };

export function Figures({ figures }: { figures: Figure[] }) {
  return (
    <dl className="figures">
      {figures.map((f, i) => (
        <div key={i} title={f.source?.quote ? `Source : « ${f.source.quote} »` : undefined}>
          <dt>{formatNumber(f.value, f.unit)}</dt>
          <dd>
            {f.label}
            {f.year ? ` (${f.year})` : ""}
          </dd>
        </div>
      ))}
    </dl>
  );
}

export type Address = { street?: string | null; complement?: string | null; postalCode?: string | null; city?: string | null };

// AddressText renders a postal address, or fallback when there is none.
export function AddressText({ address, fallback }: { address?: Address | null; fallback?: ReactNode }) {
  const lines = address ? [address.street, address.complement, [address.postalCode, address.city].filter(Boolean).join(" ")].filter(Boolean) : [];
  if (!lines.length) return <>{fallback ?? null}</>;
  return <address>{lines.map((l, i) => <div key={i}>{l}</div>)}</address>;
}
