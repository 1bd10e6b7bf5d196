import { useEffect, useRef, useState, type FormEvent } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { ApiError, request } from "../api";
import { useSession } from "../account";
import { useTitle } from "../components";
import { graphql } from "../gql";

const SIGN_IN = graphql(`mutation SignInSignIn($email: String!, $password: String!) { signIn(email: $email, password: $password) { ...AccountFields } }`);

// signInMessage words the refusals of signIn: the same answer for an unknown e-mail and a wrong
// password, and the wait after too many attempts (the server says how long).
function signInMessage(e: ApiError): string {
  switch (e.code) {
    case "UNAUTHENTICATED":
      return "Adresse e-mail ou mot de passe incorrect.";
    case "FORBIDDEN":
      // the server says how long to wait (« Trop de tentatives de connexion : réessayez dans 5 minutes. »)
      return /tentatives/i.test(e.message) ? e.message : `Trop de tentatives de connexion : réessayez dans quelques minutes. ${e.message}`;
    case "BAD_USER_INPUT":
      return Object.values(e.fields).join(" ") || e.message;
    default:
      return e.message;
  }
}

// A path inside the app to go to after signing in; anything else goes to « Mes fiches ».
function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/mes-fiches";
}

export function SignInPage() {
  useTitle("Connexion");
  const { me, setMe } = useSession();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const alertRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) alertRef.current?.focus();
  }, [error]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!email.trim() || !password) {
      setError("Saisissez votre adresse e-mail et votre mot de passe.");
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const d = await request(SIGN_IN, { email: email.trim(), password });
      setMe(d.signIn);
      navigate(safeNext(params.get("suite")));
    } catch (err) {
      setError(signInMessage(err as ApiError));
      setPassword("");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="narrow-page">
      <h1>Connexion</h1>
      <p className="muted">Espace des partenaires et de la coordination : mettez à jour les fiches de votre organisation.</p>
      {me && (
        <p className="notice-box" role="status">
          Vous êtes connecté·e en tant que {me.displayName || me.email}. <Link to="/mes-fiches">Voir mes fiches</Link>
        </p>
      )}
      {error && (
        <div className="error" role="alert" tabIndex={-1} ref={alertRef} id="connexion-erreur">
          {error}
        </div>
      )}
      <form className="form" onSubmit={submit} noValidate aria-describedby={error ? "connexion-erreur" : undefined}>
        <div className="field">
          <label htmlFor="email">Adresse e-mail</label>
          <input id="email" name="email" type="email" autoComplete="username" value={email}
            onChange={(e) => setEmail(e.target.value)} required aria-invalid={!!error} />
        </div>
        <div className="field">
          <label htmlFor="password">Mot de passe</label>
          <input id="password" name="password" type="password" autoComplete="current-password" value={password}
            onChange={(e) => setPassword(e.target.value)} required aria-invalid={!!error} />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={busy}>{busy ? "Connexion…" : "Se connecter"}</button>
        </div>
      </form>
      <p className="muted small">
        Pas encore de compte ? La coordination de votre territoire (le SIAO) vous envoie une invitation par e-mail.
      </p>
    </div>
  );
}
