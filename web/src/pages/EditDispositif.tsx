import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { Link, useParams } from "react-router";
import { ApiError, request } from "../api";
import { FieldError, SignInFirst, formatDateTime, orEmpty, sentence, useSession } from "../account";
import { useQuery } from "../useQuery";
import { graphql } from "../gql";
import type { EditedDispositifFragment } from "../gql/graphql";
import { ErrorBox, Loading, useOutcome, useTitle } from "../components";

// ---- what the API gives and takes

// the fields the form edits, read on load and after a save
export const EDITED_FIELDS = graphql(`fragment EditedDispositif on Dispositif { id version name acronyms type status description
  eligibility { ageMin ageMax adminStatus genders familySituations conditions }
  accessModes accessNotes contacts { kind value label }
  address { street complement postalCode city communeCode lat lon }
  openingHours hoursNote hours { alwaysOpen rules { days off spans { opens closes } label } }
  notices { kind from to text }
  capacity { places etp note } cost updateFrequencyMonths }`);

const LOAD = graphql(`query EditDispositif($id: ID!) {
  dispositif(id: $id) { ...EditedDispositif }
  can(op: "update", id: $id)
  vocabularies {
    dispositifTypes { slug label } statuses { slug label } accessModes { slug label } adminStatuses { slug label }
    genders { slug label } familySituations { slug label } costs { slug label } contactKinds { slug label }
  }
}`);

const SAVE = graphql(`mutation UpdateDispositif($id: ID!, $v: Int!, $input: DispositifInput!) {
  updateDispositif(id: $id, expectedVersion: $v, input: $input) { ...EditedDispositif }
}`);

type Span = { opens: string; closes: string };
type D = EditedDispositifFragment;

// ---- the form

type Rule = { days: string[]; off: boolean; spans: Span[] };
type Notice = { kind: string; from: string; to: string; text: string };
type Contact = { kind: string; value: string; label: string };

type Form = {
  name: string; acronyms: string; description: string; type: string; status: string;
  ageMin: string; ageMax: string; adminStatus: string; genders: string[]; familySituations: string[]; conditions: string;
  accessModes: string[]; accessNotes: string; contacts: Contact[];
  street: string; complement: string; postalCode: string; city: string;
  places: string; etp: string; capacityNote: string; cost: string; updateFrequencyMonths: string;
  alwaysOpen: boolean; rules: Rule[]; hoursNote: string; notices: Notice[];
};

const s = (v: string | null | undefined) => v ?? "";
const n = (v: number | null | undefined) => (v == null ? "" : String(v));

function toForm(d: D): Form {
  const e = d.eligibility;
  return {
    name: d.name, acronyms: d.acronyms.join(", "), description: s(d.description), type: s(d.type), status: d.status,
    ageMin: n(e.ageMin), ageMax: n(e.ageMax), adminStatus: s(e.adminStatus), genders: [...e.genders], familySituations: [...e.familySituations],
    conditions: s(e.conditions),
    accessModes: [...d.accessModes], accessNotes: s(d.accessNotes),
    contacts: d.contacts.map((c) => ({ kind: c.kind, value: c.value, label: s(c.label) })),
    street: s(d.address?.street), complement: s(d.address?.complement), postalCode: s(d.address?.postalCode), city: s(d.address?.city),
    places: n(d.capacity.places), etp: n(d.capacity.etp), capacityNote: s(d.capacity.note), cost: s(d.cost),
    updateFrequencyMonths: n(d.updateFrequencyMonths),
    alwaysOpen: !!d.hours?.alwaysOpen,
    rules: d.hours && !d.hours.alwaysOpen ? d.hours.rules.map((r) => ({ days: [...r.days], off: r.off, spans: r.spans.map((sp) => ({ ...sp })) })) : [],
    hoursNote: s(d.hoursNote),
    notices: d.notices.map((x) => ({ kind: x.kind, from: x.from, to: s(x.to), text: s(x.text) })),
  };
}

const DAYS: [string, string][] = [["mo", "lundi"], ["tu", "mardi"], ["we", "mercredi"], ["th", "jeudi"], ["fr", "vendredi"], ["sa", "samedi"], ["su", "dimanche"], ["ph", "jours fériés"]];
const WEEK = DAYS.slice(0, 7).map(([c]) => c);

const num = (v: string): number | null => (v.trim() === "" ? null : Number(v.replace(",", ".")));
const text = (v: string): string | null => (v.trim() === "" ? null : v.trim());
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

// toInput turns what changed between the loaded form and the edited one into a
// DispositifInput: only the changed fields are sent, so that a save never rewrites what the
// person did not touch (and the history shows only real changes).
function toInput(f: Form, initial: Form, d: D): { input: Record<string, unknown>; errors: Record<string, string> } {
  const input: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  const changed = (...keys: (keyof Form)[]) => keys.some((k) => !same(f[k], initial[k]));
  if (changed("name")) input.name = f.name.trim();
  if (changed("acronyms")) input.acronyms = f.acronyms.split(",").map((a) => a.trim()).filter(Boolean);
  if (changed("description")) input.description = f.description.trim();
  if (changed("type")) input.type = f.type;
  if (changed("status")) input.status = f.status;
  if (changed("ageMin", "ageMax", "adminStatus", "genders", "familySituations", "conditions")) {
    const ageMin = num(f.ageMin);
    const ageMax = num(f.ageMax);
    if (ageMin != null && !Number.isInteger(ageMin)) errors["eligibility.ageMin"] = "l'âge minimum doit être un nombre entier d'années";
    if (ageMax != null && !Number.isInteger(ageMax)) errors["eligibility.ageMax"] = "l'âge maximum doit être un nombre entier d'années";
    input.eligibility = {
      ageMin, ageMax, adminStatus: f.adminStatus || null, genders: f.genders, familySituations: f.familySituations, conditions: text(f.conditions),
    };
  }
  if (changed("accessModes")) input.accessModes = f.accessModes;
  if (changed("accessNotes")) input.accessNotes = f.accessNotes.trim();
  if (changed("contacts")) {
    // every row is sent, so that the API's contacts[i] messages land beside row i
    f.contacts.forEach((c, i) => {
      if (!c.value.trim()) errors[`contacts[${i}]`] = "indiquez le numéro ou l'adresse, ou retirez ce contact";
    });
    input.contacts = f.contacts.map((c) => ({ kind: c.kind, value: c.value.trim(), label: text(c.label) }));
  }
  if (changed("street", "complement", "postalCode", "city")) {
    const a = d.address;
    input.address = {
      street: text(f.street), complement: text(f.complement), postalCode: text(f.postalCode), city: text(f.city),
      // the commune and the position stay as they were: the form does not show them
      communeCode: a?.communeCode ?? null, lat: a?.lat ?? null, lon: a?.lon ?? null,
    };
  }
  if (changed("places", "etp", "capacityNote")) {
    const places = num(f.places);
    const etp = num(f.etp);
    if (places != null && !Number.isInteger(places)) errors["capacity.places"] = "le nombre de places doit être un nombre entier";
    if (etp != null && isNaN(etp)) errors["capacity.etp"] = "le nombre d'ETP doit être un nombre";
    input.capacity = { places, etp, note: text(f.capacityNote) };
  }
  if (changed("cost")) input.cost = f.cost;
  if (changed("updateFrequencyMonths")) {
    const m = num(f.updateFrequencyMonths);
    if (m == null) errors.updateFrequencyMonths = "indiquez une fréquence de vérification, en mois (6 par défaut)";
    else if (!Number.isInteger(m)) errors.updateFrequencyMonths = "la fréquence de vérification doit être un nombre entier de mois";
    else input.updateFrequencyMonths = m;
  }
  if (changed("alwaysOpen", "rules")) {
    input.hoursRules = f.alwaysOpen
      ? [{ days: WEEK, off: false, spans: [] }]
      : f.rules.map((r) => ({ days: r.days, off: r.off, spans: r.off ? [] : r.spans }));
  }
  if (changed("hoursNote")) input.hoursNote = f.hoursNote.trim();
  if (changed("notices")) input.notices = f.notices.map((x) => ({ kind: x.kind, from: x.from, to: x.to || null, text: text(x.text) }));
  return { input, errors };
}

// Where each field message of the API goes in the form: the id of the control it belongs to.
const fieldIds: Record<string, string> = {
  name: "f-name", acronyms: "f-acronyms", description: "f-description", type: "f-type", status: "f-status",
  "eligibility.ageMin": "f-ageMin", "eligibility.ageMax": "f-ageMax", "eligibility.adminStatus": "f-adminStatus",
  "eligibility.genders": "f-genders", "eligibility.familySituations": "f-familySituations", "eligibility.conditions": "f-conditions",
  accessModes: "f-accessModes", accessNotes: "f-accessNotes",
  "address.postalCode": "f-postalCode", "address.street": "f-street", "address.city": "f-city", "address.lat": "f-street", "address.lon": "f-street",
  "capacity.places": "f-places", "capacity.etp": "f-etp", cost: "f-cost", updateFrequencyMonths: "f-frequency",
  hoursRules: "f-hours", openingHours: "f-hours", hoursNote: "f-hoursNote",
};

function controlOf(key: string): string {
  if (fieldIds[key]) return fieldIds[key];
  const c = /^contacts\[(\d+)\]/.exec(key);
  if (c) return `f-contact-${c[1]}-value`;
  if (key.startsWith("notices")) return "f-notices";
  return "f-name";
}

// noticeRows finds the closures and messages a notices.* message is about (the API names the
// field, not the row), so that it can be shown beside them.
function noticeRows(key: string, notices: Notice[]): number[] {
  const isDay = (v: string) => /^\d{4}-\d{2}-\d{2}$/.test(v);
  const out: number[] = [];
  notices.forEach((x, i) => {
    const bad =
      key === "notices.kind" ? x.kind !== "closure" && x.kind !== "message"
      : key === "notices.from" ? !isDay(x.from)
      : key === "notices.to" ? !!x.to && (!isDay(x.to) || (isDay(x.from) && x.to < x.from))
      : key === "notices.text" ? x.kind === "message" && !x.text.trim()
      : false;
    if (bad) out.push(i);
  });
  return out;
}

const opLabels: Record<string, string> = {
  create: "création", update: "modification", archive: "archivage", restore: "restauration", link: "relation ajoutée", unlink: "relation retirée",
};

type Since = { version: number; at: string; actor: string | null; op: string; changes: { field: string; label: string; old: string | null; new: string | null; oldText: string | null; newText: string | null }[] | null };

// Conflict shows what another person changed while this one was editing, and the ways out.
function Conflict({ error, onReload, onKeep }: { error: ApiError; onReload: () => void; onKeep: () => void }) {
  const since = (error.details.since as Since[] | undefined) ?? [];
  const ref = useRef<HTMLElement>(null);
  useEffect(() => ref.current?.focus(), [error]);
  return (
    <section className="conflict" role="alert" tabIndex={-1} ref={ref} aria-labelledby="conflit-titre">
      <h2 id="conflit-titre">Cette fiche a été modifiée pendant votre saisie</h2>
      <p>{error.message}</p>
      {since.length > 0 && (
        <>
          <h3>Les changements faits entre-temps</h3>
          <ol className="timeline">
            {since.map((r) => (
              <li key={r.version}>
                <p>
                  <strong>{r.actor || "Quelqu'un"}</strong>, le {formatDateTime(r.at)} — {opLabels[r.op] ?? r.op}
                  <span className="muted"> (version {r.version})</span>
                </p>
                {(r.changes ?? []).length > 0 && (
                  <ul className="diffs">
                    {(r.changes ?? []).map((c) => (
                      <li key={c.field}>
                        <span className="diff-label">{sentence(c.label).replace(/\.$/, "")} :</span>{" "}
                        <del>{orEmpty(c.oldText)}</del> <span aria-hidden="true">→</span><span className="visually-hidden">devient</span> <ins>{orEmpty(c.newText)}</ins>
                      </li>
                    ))}
                  </ul>
                )}
              </li>
            ))}
          </ol>
        </>
      )}
      <div className="actions">
        <button type="button" onClick={onReload}>Recharger la fiche (abandonner mes changements)</button>
        <button type="button" className="secondary" onClick={onKeep}>Garder mes changements et les appliquer à la version actuelle</button>
      </div>
      <p className="muted small">
        Le second choix n'envoie que les champs que vous avez modifiés : les autres changements ci-dessus sont conservés.
      </p>
    </section>
  );
}

export function EditDispositifPage() {
  const { id = "" } = useParams();
  const { me } = useSession();
  const loaded = useQuery(LOAD, { id: id ?? "" }, { skip: !me, reloadOn: me?.id });
  const d = loaded.data?.dispositif;
  useTitle(d ? `Modifier : ${d.name}` : "Modifier un dispositif");
  const [form, setForm] = useState<Form | null>(null);
  const [initial, setInitial] = useState<Form | null>(null);
  const [base, setBase] = useState<D | null>(null);
  const [version, setVersion] = useState(0);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [conflict, setConflict] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const outcome = useOutcome<HTMLDivElement>();

  useEffect(() => {
    if (!d) return;
    const f = toForm(d);
    setForm(f);
    setInitial(f);
    setBase(d);
    setVersion(d.version);
  }, [d]);

  if (me === undefined) return <Loading />;
  if (!me) return (<><h1>Modifier un dispositif</h1><SignInFirst what="La modification d'une fiche" /></>);
  if (loaded.loading && !loaded.data) return <Loading />;
  if (loaded.error) return <ErrorBox error={loaded.error} />;
  if (!d) return null;
  if (!loaded.data!.can) {
    return (
      <div>
        <h1>{d.name}</h1>
        <div className="error" role="alert">
          Vous ne pouvez pas modifier cette fiche : seules les personnes de l'organisation qui la porte et la coordination de son territoire le peuvent.
        </div>
        <p><Link to={`/dispositifs/${d.id}`}>Retour à la fiche</Link></p>
      </div>
    );
  }
  if (!form || !initial || !base) return <Loading />;
  const v = loaded.data!.vocabularies;

  const set = <K extends keyof Form>(k: K, value: Form[K]) => {
    setForm((f) => (f ? { ...f, [k]: value } : f));
    setSaved(null);
  };
  const toggle = (k: "genders" | "familySituations" | "accessModes", slug: string, on: boolean) =>
    set(k, on ? [...form[k], slug] : form[k].filter((x) => x !== slug));
  const setRule = (i: number, r: Rule) => set("rules", form.rules.map((x, j) => (j === i ? r : x)));
  const setNotice = (i: number, x: Notice) => set("notices", form.notices.map((y, j) => (j === i ? x : y)));
  const setContact = (i: number, c: Contact) => set("contacts", form.contacts.map((y, j) => (j === i ? c : y)));

  const focusControl = (key: string) => {
    const el = document.getElementById(controlOf(key));
    const target = el?.matches("input, select, textarea, button") ? el : el?.querySelector<HTMLElement>("input, select, textarea, button");
    (target ?? el)?.focus();
  };

  const showErrors = (errs: Record<string, string>) => {
    setFields(errs);
    outcome.announce();
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    setConflict(null);
    setSaved(null);
    const { input, errors } = toInput(form, initial, base);
    if (Object.keys(errors).length) {
      showErrors(errors);
      return;
    }
    setFields({});
    if (!Object.keys(input).length) {
      setSaved("Aucune modification à enregistrer.");
      outcome.announce();
      return;
    }
    setBusy(true);
    try {
      const r = await request(SAVE, { id: d.id, v: version, input });
      const nd = r.updateDispositif;
      const f = toForm(nd);
      setForm(f);
      setInitial(f);
      setBase(nd);
      setVersion(nd.version);
      setSaved(`Modifications enregistrées (version ${nd.version}).`);
      outcome.announce();
    } catch (err) {
      const ae = err as ApiError;
      if (ae.code === "CONFLICT") setConflict(ae);
      else if (Object.keys(ae.fields).length) showErrors(ae.fields);
      else {
        setFailure(ae);
        outcome.announce();
      }
    } finally {
      setBusy(false);
    }
  };

  // props of a control with the field key of the API: its message beside it, read with it
  const err = (key: string) => fields[key];
  const aria = (key: string, hint?: string) => {
    const ids = [hint, err(key) ? `${fieldIds[key] ?? key}-erreur` : undefined].filter(Boolean).join(" ");
    return { "aria-invalid": !!err(key) || undefined, "aria-describedby": ids || undefined };
  };
  const msg = (key: string) => <FieldError id={`${fieldIds[key] ?? key}-erreur`} message={err(key)} />;
  const noticeErrors = Object.entries(fields).filter(([k]) => k.startsWith("notices"));
  const rowErrors = (i: number, field: string) => noticeErrors.filter(([k]) => k === `notices.${field}` && noticeRows(k, form.notices).includes(i)).map(([, m]) => m);
  const groupNoticeErrors = noticeErrors.filter(([k]) => !noticeRows(k, form.notices).length).map(([, m]) => m);
  const hoursError = fields.hoursRules ?? fields.openingHours;

  const fieldCount = Object.keys(fields).length;
  return (
    <div className="edit-page">
      <p className="kicker">Modifier la fiche</p>
      <h1>{d.name}</h1>
      <p className="muted">
        <Link to={`/dispositifs/${d.id}`}>Voir la fiche</Link> · <Link to={`/dispositifs/${d.id}/historique`}>Historique</Link> ·{" "}
        version {version}
      </p>

      {conflict && (
        <Conflict
          error={conflict}
          onReload={() => { setConflict(null); setFields({}); loaded.reload(); setForm(null); }}
          onKeep={() => {
            const cur = conflict.details.currentVersion;
            if (typeof cur === "number") setVersion(cur);
            setConflict(null);
          }}
        />
      )}
      <div ref={outcome.ref}>
      {failure && <ErrorBox error={failure} />}
      {fieldCount > 0 && (
        <div className="error error-summary" role="alert" tabIndex={-1} aria-labelledby="erreurs-titre">
          <h2 id="erreurs-titre">La fiche n'a pas été enregistrée : {fieldCount > 1 ? `${fieldCount} champs sont à corriger` : "un champ est à corriger"}</h2>
          <ul>
            {Object.entries(fields).map(([k, m]) => (
              <li key={k}><button type="button" className="linklike" onClick={() => focusControl(k)}>{sentence(m)}</button></li>
            ))}
          </ul>
        </div>
      )}
      {saved && <p className="success" role="status" aria-live="polite" tabIndex={-1}>{saved} <Link to={`/dispositifs/${d.id}`}>Voir la fiche</Link></p>}
      </div>

      <form className="form edit-form" onSubmit={submit} noValidate>
        <fieldset>
          <legend>Présentation</legend>
          <div className="field">
            <label htmlFor="f-name">Nom</label>
            <input id="f-name" value={form.name} onChange={(e) => set("name", e.target.value)} {...aria("name")} />
            {msg("name")}
          </div>
          <div className="field">
            <label htmlFor="f-acronyms">Sigles et autres noms</label>
            <input id="f-acronyms" value={form.acronyms} onChange={(e) => set("acronyms", e.target.value)} {...aria("acronyms", "f-acronyms-aide")} />
            <p className="hint" id="f-acronyms-aide">Séparés par des virgules.</p>
            {msg("acronyms")}
          </div>
          <div className="field">
            <label htmlFor="f-description">Description</label>
            <textarea id="f-description" rows={5} value={form.description} onChange={(e) => set("description", e.target.value)} {...aria("description")} />
            {msg("description")}
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="f-type">Type de dispositif</label>
              <select id="f-type" value={form.type} onChange={(e) => set("type", e.target.value)} {...aria("type")}>
                <option value="">Non précisé</option>
                {v.dispositifTypes.map((t) => <option key={t.slug} value={t.slug}>{t.label}</option>)}
              </select>
              {msg("type")}
            </div>
            <div className="field">
              <label htmlFor="f-status">Statut</label>
              <select id="f-status" value={form.status} onChange={(e) => set("status", e.target.value)} {...aria("status")}>
                {v.statuses.map((t) => <option key={t.slug} value={t.slug}>{t.label}</option>)}
              </select>
              {msg("status")}
            </div>
          </div>
        </fieldset>

        <fieldset>
          <legend>Pour qui</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor="f-ageMin">Âge minimum</label>
              <input id="f-ageMin" type="number" inputMode="numeric" min={0} max={120} value={form.ageMin}
                onChange={(e) => set("ageMin", e.target.value)} {...aria("eligibility.ageMin")} />
              {msg("eligibility.ageMin")}
            </div>
            <div className="field">
              <label htmlFor="f-ageMax">Âge maximum</label>
              <input id="f-ageMax" type="number" inputMode="numeric" min={0} max={120} value={form.ageMax}
                onChange={(e) => set("ageMax", e.target.value)} {...aria("eligibility.ageMax")} />
              {msg("eligibility.ageMax")}
            </div>
          </div>
          <p className="hint">Laissez vide ce que la fiche ne dit pas : « non précisé » n'est pas « tout le monde ».</p>
          <div className="field">
            <label htmlFor="f-adminStatus">Situation administrative acceptée</label>
            <select id="f-adminStatus" value={form.adminStatus} onChange={(e) => set("adminStatus", e.target.value)} {...aria("eligibility.adminStatus")}>
              <option value="">Non précisé</option>
              {v.adminStatuses.map((t) => <option key={t.slug} value={t.slug}>{t.label}</option>)}
            </select>
            {msg("eligibility.adminStatus")}
          </div>
          <Checkboxes id="f-genders" legend="Genre" terms={v.genders} values={form.genders} onToggle={(slug, on) => toggle("genders", slug, on)}
            error={msg("eligibility.genders")} />
          <Checkboxes id="f-familySituations" legend="Situation familiale" terms={v.familySituations} values={form.familySituations}
            onToggle={(slug, on) => toggle("familySituations", slug, on)} error={msg("eligibility.familySituations")} />
          <div className="field">
            <label htmlFor="f-conditions">Autres conditions</label>
            <textarea id="f-conditions" rows={2} value={form.conditions} onChange={(e) => set("conditions", e.target.value)} {...aria("eligibility.conditions")} />
            {msg("eligibility.conditions")}
          </div>
        </fieldset>

        <fieldset>
          <legend>Comment y accéder</legend>
          <Checkboxes id="f-accessModes" legend="Modes d'accès" terms={v.accessModes} values={form.accessModes}
            onToggle={(slug, on) => toggle("accessModes", slug, on)} error={msg("accessModes")} />
          <div className="field">
            <label htmlFor="f-accessNotes">Précisions sur l'accès</label>
            <textarea id="f-accessNotes" rows={3} value={form.accessNotes} onChange={(e) => set("accessNotes", e.target.value)} {...aria("accessNotes")} />
            {msg("accessNotes")}
          </div>
          <div className="field">
            <label htmlFor="f-cost">Coût</label>
            <select id="f-cost" value={form.cost} onChange={(e) => set("cost", e.target.value)} {...aria("cost")}>
              <option value="">Non précisé</option>
              {v.costs.map((t) => <option key={t.slug} value={t.slug}>{t.label}</option>)}
            </select>
            {msg("cost")}
          </div>
        </fieldset>

        <fieldset id="f-contacts">
          <legend>Contacts</legend>
          {form.contacts.length === 0 && <p className="muted">Aucun contact.</p>}
          {form.contacts.map((c, i) => {
            const key = Object.keys(fields).find((k) => k.startsWith(`contacts[${i}]`));
            return (
              <div className="row-group" key={i}>
                <div className="field">
                  <label htmlFor={`f-contact-${i}-kind`}>Type du contact {i + 1}</label>
                  <select id={`f-contact-${i}-kind`} value={c.kind} onChange={(e) => setContact(i, { ...c, kind: e.target.value })}>
                    {v.contactKinds.map((t) => <option key={t.slug} value={t.slug}>{t.label}</option>)}
                  </select>
                </div>
                <div className="field grow">
                  <label htmlFor={`f-contact-${i}-value`}>Numéro ou adresse</label>
                  <input id={`f-contact-${i}-value`} value={c.value} onChange={(e) => setContact(i, { ...c, value: e.target.value })}
                    aria-invalid={!!key || undefined} aria-describedby={key ? `f-contact-${i}-erreur` : undefined} />
                  <FieldError id={`f-contact-${i}-erreur`} message={key ? fields[key] : undefined} />
                </div>
                <div className="field">
                  <label htmlFor={`f-contact-${i}-label`}>Libellé</label>
                  <input id={`f-contact-${i}-label`} value={c.label} placeholder="ex. Accueil" onChange={(e) => setContact(i, { ...c, label: e.target.value })} />
                </div>
                <button type="button" className="secondary mini-button" onClick={() => set("contacts", form.contacts.filter((_, j) => j !== i))}>
                  Retirer<span className="visually-hidden"> le contact {i + 1}</span>
                </button>
              </div>
            );
          })}
          <button type="button" className="secondary" onClick={() => set("contacts", [...form.contacts, { kind: v.contactKinds[0]?.slug ?? "phone", value: "", label: "" }])}>
            Ajouter un contact
          </button>
        </fieldset>

        <fieldset>
          <legend>Adresse</legend>
          <div className="field">
            <label htmlFor="f-street">Rue</label>
            <input id="f-street" autoComplete="off" value={form.street} onChange={(e) => set("street", e.target.value)} {...aria("address.street")} />
            {msg("address.street")}
          </div>
          <div className="field">
            <label htmlFor="f-complement">Complément</label>
            <input id="f-complement" value={form.complement} onChange={(e) => set("complement", e.target.value)} />
          </div>
          <div className="field-row">
            <div className="field">
              <label htmlFor="f-postalCode">Code postal</label>
              <input id="f-postalCode" inputMode="numeric" value={form.postalCode} onChange={(e) => set("postalCode", e.target.value)} {...aria("address.postalCode")} />
              {msg("address.postalCode")}
            </div>
            <div className="field grow">
              <label htmlFor="f-city">Commune</label>
              <input id="f-city" value={form.city} onChange={(e) => set("city", e.target.value)} {...aria("address.city")} />
              {msg("address.city")}
            </div>
          </div>
        </fieldset>

        <fieldset id="f-hours" aria-describedby={hoursError ? "f-hours-erreur" : undefined}>
          <legend>Horaires d'ouverture</legend>
          <FieldError id="f-hours-erreur" message={hoursError} />
          {!base.hours && base.openingHours && (
            <p className="hint">
              Les horaires enregistrés (<code>{base.openingHours}</code>) ne se lisent pas en règles : ils restent tels quels tant que vous ne les
              redéfinissez pas ici.
            </p>
          )}
          <div className="check">
            <input id="f-247" type="checkbox" checked={form.alwaysOpen} onChange={(e) => set("alwaysOpen", e.target.checked)} />
            <label htmlFor="f-247">Ouvert 24 h/24, 7 j/7</label>
          </div>
          {!form.alwaysOpen && (
            <>
              {form.rules.length === 0 && <p className="muted">Aucun horaire renseigné.</p>}
              {form.rules.map((r, i) => (
                <fieldset className="rule" key={i} id={`f-rule-${i}`}>
                  <legend>Règle {i + 1}</legend>
                  <div className="days" role="group" aria-label={`Jours de la règle ${i + 1}`}>
                    {DAYS.map(([code, label]) => (
                      <span className="check" key={code}>
                        <input id={`f-rule-${i}-${code}`} type="checkbox" checked={r.days.includes(code)}
                          onChange={(e) => setRule(i, { ...r, days: e.target.checked ? [...r.days, code] : r.days.filter((x) => x !== code) })} />
                        <label htmlFor={`f-rule-${i}-${code}`}>{label}</label>
                      </span>
                    ))}
                  </div>
                  <div className="check">
                    <input id={`f-rule-${i}-off`} type="checkbox" checked={r.off} onChange={(e) => setRule(i, { ...r, off: e.target.checked })} />
                    <label htmlFor={`f-rule-${i}-off`}>Fermé ces jours-là</label>
                  </div>
                  {!r.off && (
                    <>
                      {r.spans.map((sp, j) => (
                        <div className="row-group span" key={j}>
                          <div className="field">
                            <label htmlFor={`f-rule-${i}-span-${j}-opens`}>Ouvre à</label>
                            <input id={`f-rule-${i}-span-${j}-opens`} type="time" value={sp.opens}
                              onChange={(e) => setRule(i, { ...r, spans: r.spans.map((x, k) => (k === j ? { ...x, opens: e.target.value } : x)) })} />
                          </div>
                          <div className="field">
                            <label htmlFor={`f-rule-${i}-span-${j}-closes`}>Ferme à</label>
                            <input id={`f-rule-${i}-span-${j}-closes`} type="time" value={sp.closes === "24:00" ? "00:00" : sp.closes}
                              onChange={(e) => setRule(i, { ...r, spans: r.spans.map((x, k) => (k === j ? { ...x, closes: e.target.value } : x)) })} />
                          </div>
                          <button type="button" className="secondary mini-button" onClick={() => setRule(i, { ...r, spans: r.spans.filter((_, k) => k !== j) })}>
                            Retirer<span className="visually-hidden"> la plage {j + 1} de la règle {i + 1}</span>
                          </button>
                        </div>
                      ))}
                      {r.spans.length === 0 && <p className="hint">Sans plage horaire : ouvert toute la journée.</p>}
                      <button type="button" className="secondary mini-button add-span" onClick={() => setRule(i, { ...r, spans: [...r.spans, { opens: "14:00", closes: "17:00" }] })}>
                        Ajouter une plage horaire<span className="visually-hidden"> à la règle {i + 1}</span>
                      </button>
                    </>
                  )}
                  <p>
                    <button type="button" className="linklike" onClick={() => set("rules", form.rules.filter((_, k) => k !== i))}>Retirer la règle {i + 1}</button>
                  </p>
                </fieldset>
              ))}
              <button type="button" className="secondary"
                onClick={() => set("rules", [...form.rules, form.rules.length ? { days: ["ph"], off: true, spans: [] } : { days: WEEK.slice(0, 5), off: false, spans: [{ opens: "09:00", closes: "17:00" }] }])}>
                Ajouter une règle
              </button>
              <p className="hint">Une règle plus bas remplace les précédentes pour ses jours (par exemple : jours fériés, fermé).</p>
            </>
          )}
          <div className="field">
            <label htmlFor="f-hoursNote">Précisions sur les horaires</label>
            <textarea id="f-hoursNote" rows={2} value={form.hoursNote} onChange={(e) => set("hoursNote", e.target.value)} {...aria("hoursNote")} />
            {msg("hoursNote")}
          </div>
        </fieldset>

        <fieldset id="f-notices" aria-describedby={groupNoticeErrors.length ? "f-notices-erreur" : undefined}>
          <legend>Fermetures temporaires et messages</legend>
          {groupNoticeErrors.length > 0 && <div id="f-notices-erreur">{groupNoticeErrors.map((m) => <FieldError key={m} id={`f-notices-erreur-${m.length}`} message={m} />)}</div>}
          {form.notices.length === 0 && <p className="muted">Aucune fermeture ni message.</p>}
          {form.notices.map((x, i) => {
            const errs = { kind: rowErrors(i, "kind"), from: rowErrors(i, "from"), to: rowErrors(i, "to"), text: rowErrors(i, "text") };
            const one = (f: keyof typeof errs) => ({
              "aria-invalid": errs[f].length > 0 || undefined,
              "aria-describedby": errs[f].length ? `f-notice-${i}-${f}-erreur` : undefined,
            });
            return (
              <fieldset className="rule" key={i}>
                <legend>Annonce {i + 1}</legend>
                <div className="field-row">
                  <div className="field">
                    <label htmlFor={`f-notice-${i}-kind`}>Type</label>
                    <select id={`f-notice-${i}-kind`} value={x.kind} onChange={(e) => setNotice(i, { ...x, kind: e.target.value })} {...one("kind")}>
                      <option value="closure">Fermeture temporaire</option>
                      <option value="message">Message temporaire</option>
                    </select>
                    <FieldError id={`f-notice-${i}-kind-erreur`} message={errs.kind[0]} />
                  </div>
                  <div className="field">
                    <label htmlFor={`f-notice-${i}-from`}>Du</label>
                    <input id={`f-notice-${i}-from`} type="date" value={x.from} onChange={(e) => setNotice(i, { ...x, from: e.target.value })} {...one("from")} />
                    <FieldError id={`f-notice-${i}-from-erreur`} message={errs.from[0]} />
                  </div>
                  <div className="field">
                    <label htmlFor={`f-notice-${i}-to`}>Au (inclus)</label>
                    <input id={`f-notice-${i}-to`} type="date" value={x.to} onChange={(e) => setNotice(i, { ...x, to: e.target.value })} {...one("to")} />
                    <FieldError id={`f-notice-${i}-to-erreur`} message={errs.to[0]} />
                  </div>
                </div>
                <p className="hint">Sans date de fin : jusqu'à nouvel ordre.</p>
                <div className="field">
                  <label htmlFor={`f-notice-${i}-text`}>Texte affiché</label>
                  <textarea id={`f-notice-${i}-text`} rows={2} value={x.text} onChange={(e) => setNotice(i, { ...x, text: e.target.value })} {...one("text")} />
                  <FieldError id={`f-notice-${i}-text-erreur`} message={errs.text[0]} />
                </div>
                <button type="button" className="linklike" onClick={() => set("notices", form.notices.filter((_, k) => k !== i))}>Retirer l'annonce {i + 1}</button>
              </fieldset>
            );
          })}
          <div className="actions">
            <button type="button" className="secondary" onClick={() => set("notices", [...form.notices, { kind: "closure", from: today(), to: "", text: "" }])}>
              Ajouter une fermeture temporaire
            </button>
            <button type="button" className="secondary" onClick={() => set("notices", [...form.notices, { kind: "message", from: today(), to: "", text: "" }])}>
              Ajouter un message
            </button>
          </div>
        </fieldset>

        <fieldset>
          <legend>Moyens et suivi</legend>
          <div className="field-row">
            <div className="field">
              <label htmlFor="f-places">Places</label>
              <input id="f-places" type="number" inputMode="numeric" min={0} value={form.places} onChange={(e) => set("places", e.target.value)} {...aria("capacity.places")} />
              {msg("capacity.places")}
            </div>
            <div className="field">
              <label htmlFor="f-etp">ETP</label>
              <input id="f-etp" type="number" inputMode="decimal" min={0} step="0.1" value={form.etp} onChange={(e) => set("etp", e.target.value)} {...aria("capacity.etp")} />
              {msg("capacity.etp")}
            </div>
          </div>
          <div className="field">
            <label htmlFor="f-capacityNote">Précisions sur la capacité</label>
            <input id="f-capacityNote" value={form.capacityNote} onChange={(e) => set("capacityNote", e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="f-frequency">Fréquence de vérification (en mois)</label>
            <input id="f-frequency" type="number" inputMode="numeric" min={1} max={36} placeholder="6" value={form.updateFrequencyMonths}
              onChange={(e) => set("updateFrequencyMonths", e.target.value)} {...aria("updateFrequencyMonths", "f-frequency-aide")} />
            <p className="hint" id="f-frequency-aide">Tous les combien la fiche doit être revue : 6 mois si rien n'est indiqué, de 1 à 36 mois.</p>
            {msg("updateFrequencyMonths")}
          </div>
        </fieldset>

        <div className="form-actions">
          <button type="submit" disabled={busy}>{busy ? "Enregistrement…" : "Enregistrer"}</button>
          <Link className="button secondary" to={`/dispositifs/${d.id}`}>Annuler</Link>
        </div>
      </form>
    </div>
  );
}

function today(): string {
  const t = new Date();
  const p = (x: number) => String(x).padStart(2, "0");
  return `${t.getFullYear()}-${p(t.getMonth() + 1)}-${p(t.getDate())}`;
}

function Checkboxes({ id, legend, terms, values, onToggle, error }: {
  id: string; legend: string; terms: { slug: string; label: string }[]; values: string[]; onToggle: (slug: string, on: boolean) => void; error?: ReactNode;
}) {
  return (
    <fieldset className="checks" id={id}>
      <legend>{legend}</legend>
      {terms.map((t) => (
        <span className="check" key={t.slug}>
          <input id={`${id}-${t.slug}`} type="checkbox" checked={values.includes(t.slug)} onChange={(e) => onToggle(t.slug, e.target.checked)} />
          <label htmlFor={`${id}-${t.slug}`}>{t.label}</label>
        </span>
      ))}
      {error}
    </fieldset>
  );
}
