// The signed-in account (`me`) for the whole app, the header's account menu, and the small
// helpers the editing pages share (field error messages, values of a history shown in French).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from "react";
import { Link, NavLink, useLocation, useNavigate } from "react-router";
import { request } from "./api";
import { graphql } from "./gql";
import type { AccountFieldsFragment } from "./gql/graphql";

export type Ref = { id: string; name: string };

// AccountFields is what the app knows of an account (the signed-in one, one just created).
export const ACCOUNT_FIELDS = graphql(`fragment AccountFields on Account { id email displayName role roleLabel organisations { id name } territories { id name } }`);

export type Account = AccountFieldsFragment;

const ME = graphql(`query Me { me { ...AccountFields } }`);

const SIGN_OUT = graphql(`mutation SignOut { signOut }`);

type Session = {
  // undefined while the first answer is awaited, null when nobody is signed in
  me: Account | null | undefined;
  setMe: (a: Account | null) => void;
  refresh: () => void;
};

const SessionContext = createContext<Session>({ me: undefined, setMe: () => {}, refresh: () => {} });

// SessionProvider asks the server who is signed in (the session cookie is HttpOnly: only the
// server can tell), once at start and again on refresh.
export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Account | null | undefined>(undefined);
  const refresh = useCallback(() => {
    request(ME)
      .then((d) => setMe(d.me))
      .catch(() => setMe(null));
  }, []);
  useEffect(refresh, [refresh]);
  return <SessionContext.Provider value={{ me, setMe, refresh }}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  return useContext(SessionContext);
}

export const isCoordinator = (a: Account | null | undefined) => a?.role === "coordinator" || a?.role === "admin";

// AccountMenu is the header's part about the account: who is signed in and their pages, or the
// sign-in link.
export function AccountMenu() {
  const { me, setMe } = useSession();
  const navigate = useNavigate();
  const { pathname } = useLocation();
  const [busy, setBusy] = useState(false);
  // The account's links fold under its name (a disclosure button), so that the header holds in
  // one row on a computer; on a small screen, inside the folded menu, they are listed.
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);
  if (me === undefined) return null;
  if (!me) {
    return (
      <div className="account-menu">
        <NavLink to="/connexion">Se connecter</NavLink>
      </div>
    );
  }
  const signOut = async () => {
    setBusy(true);
    try {
      await request(SIGN_OUT);
    } catch {
      // the session is ended on this side anyway
    }
    setBusy(false);
    setMe(null);
    navigate("/");
  };
  return (
    <nav className={open ? "account-menu open" : "account-menu"} aria-label="Mon compte"
      onKeyDown={(e) => { if (e.key === "Escape") setOpen(false); }}
      onBlur={(e) => { if (!e.currentTarget.contains(e.relatedTarget as Node | null)) setOpen(false); }}>
      <button type="button" className="account-button" aria-expanded={open} aria-controls="account-links"
        title={me.email} onClick={() => setOpen((o) => !o)}>
        <span className="visually-hidden">Mon compte, connecté·e : </span>
        {me.displayName || me.email} <span aria-hidden="true">▾</span>
      </button>
      <div id="account-links" className="account-links">
        <span className="who" title={me.email}>
          {me.displayName || me.email} <span className="muted small">({me.roleLabel})</span>
        </span>
        <NavLink to="/mes-fiches">Mes fiches</NavLink>
        {isCoordinator(me) && <NavLink to="/suivi-territoire">Suivi du territoire</NavLink>}
        <NavLink to="/jetons">Jetons d'accès</NavLink>
        <button type="button" className="secondary mini-button sign-out" onClick={signOut} disabled={busy}>Se déconnecter</button>
      </div>
    </nav>
  );
}

// SignInFirst tells an anonymous visitor that the page needs an account, with a link back here.
export function SignInFirst({ what }: { what: string }) {
  const next = typeof location !== "undefined" ? location.pathname + location.search : "/mes-fiches";
  return (
    <div className="notice-box" role="status">
      <p>{what} demande d'être connecté·e.</p>
      <p><Link className="button" to={`/connexion?suite=${encodeURIComponent(next)}`}>Se connecter</Link></p>
    </div>
  );
}

// sentence capitalises a message of the API ("l'âge minimum…" → "L'âge minimum…").
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return t;
  const out = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(out) ? out : out + ".";
}

// FieldError shows the API's message for one field, beside it; id is what the field's
// aria-describedby names.
export function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return <p className="field-error" id={id}>{sentence(message)}</p>;
}

// orEmpty shows a value of a history or a conflict, put in French by the API (oldText,
// newText), or « (vide) » when absent.
export function orEmpty(text: string | null | undefined): string {
  return text ? text : "(vide)";
}

export function formatDateTime(iso?: string | null): string {
  if (!iso) return "";
  return new Date(iso).toLocaleString("fr-FR", { day: "numeric", month: "long", year: "numeric", hour: "2-digit", minute: "2-digit" });
}
