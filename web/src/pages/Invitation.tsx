import { useRef, useState, type FormEvent } from "react";
import { useNavigate, useParams } from "react-router";
import { ApiError, request } from "../api";
import { FieldError, useSession } from "../account";
import { useQuery } from "../useQuery";
import { ErrorBox, Loading, formatDate, useTitle } from "../components";
import { graphql } from "../gql";

const INVITATION = graphql(`query InvitationInvitation($token: String!) { invitation(token: $token) {
  id email role roleLabel expiresAt organisations { id name } territories { id name }
} }`);

const ACCEPT = graphql(`mutation InvitationAccept($token: String!, $displayName: String!, $password: String!) {
  acceptInvitation(token: $token, displayName: $displayName, password: $password) { ...AccountFields }
}`);


const MIN_PASSWORD = 12;

export function InvitationPage() {
  useTitle("Invitation");
  const { token = "" } = useParams();
  const { setMe } = useSession();
  const navigate = useNavigate();
  const { data, error, loading } = useQuery(INVITATION, { token });
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [again, setAgain] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);

  if (loading && !data) return <Loading />;
  if (error) return <ErrorBox error={error} />;
  const inv = data?.invitation;
  if (!inv) {
    return (
      <div className="narrow-page">
        <h1>Invitation</h1>
        <div className="error" role="alert">
          Cette invitation est inconnue, a déjà été utilisée ou a expiré. Demandez-en une nouvelle à la coordination de votre territoire.
        </div>
      </div>
    );
  }

  const focusFirstError = (errs: Record<string, string>) => {
    const first = ["displayName", "password", "again"].find((f) => errs[f]);
    if (first) formRef.current?.querySelector<HTMLElement>(`#inv-${first}`)?.focus();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs.displayName = "Indiquez votre nom tel que vos collègues le liront.";
    if (password.length < MIN_PASSWORD) errs.password = `Le mot de passe doit compter au moins ${MIN_PASSWORD} caractères.`;
    if (password !== again) errs.again = "Les deux mots de passe ne sont pas identiques.";
    setFields(errs);
    setFailure(null);
    if (Object.keys(errs).length) {
      focusFirstError(errs);
      return;
    }
    setBusy(true);
    try {
      const d = await request(ACCEPT, { token, displayName: name.trim(), password });
      setMe(d.acceptInvitation);
      navigate("/mes-fiches");
    } catch (err) {
      const ae = err as ApiError;
      if (Object.keys(ae.fields).length) {
        setFields(ae.fields);
        focusFirstError(ae.fields);
      } else {
        setFailure(ae);
      }
    } finally {
      setBusy(false);
    }
  };

  const scope = [...inv.organisations, ...inv.territories].map((r) => r.name).join(", ");
  const described = (f: string) => (fields[f] ? `inv-${f}-erreur` : undefined);
  return (
    <div className="narrow-page">
      <h1>Créer votre compte</h1>
      <dl className="facts block">
        <dt>Adresse e-mail</dt><dd>{inv.email}</dd>
        <dt>Rôle</dt><dd>{inv.roleLabel}</dd>
        {scope && (<><dt>{inv.organisations.length ? "Organisation" : "Territoire"}</dt><dd>{scope}</dd></>)}
        <dt>Valable jusqu'au</dt><dd>{formatDate(inv.expiresAt)}</dd>
      </dl>
      {failure && <ErrorBox error={failure} />}
      <form className="form" onSubmit={submit} noValidate ref={formRef}>
        <div className="field">
          <label htmlFor="inv-displayName">Votre nom</label>
          <input id="inv-displayName" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)}
            aria-invalid={!!fields.displayName} aria-describedby={described("displayName")} />
          <FieldError id="inv-displayName-erreur" message={fields.displayName} />
        </div>
        <div className="field">
          <label htmlFor="inv-password">Mot de passe</label>
          <input id="inv-password" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)}
            aria-invalid={!!fields.password} aria-describedby={["inv-password-aide", described("password")].filter(Boolean).join(" ")} />
          <p className="hint" id="inv-password-aide">Au moins {MIN_PASSWORD} caractères ; une phrase de plusieurs mots est plus facile à retenir.</p>
          <FieldError id="inv-password-erreur" message={fields.password} />
        </div>
        <div className="field">
          <label htmlFor="inv-again">Mot de passe (à nouveau)</label>
          <input id="inv-again" type="password" autoComplete="new-password" value={again} onChange={(e) => setAgain(e.target.value)}
            aria-invalid={!!fields.again} aria-describedby={described("again")} />
          <FieldError id="inv-again-erreur" message={fields.again} />
        </div>
        <div className="form-actions">
          <button type="submit" disabled={busy}>{busy ? "Création…" : "Créer mon compte"}</button>
        </div>
      </form>
    </div>
  );
}
