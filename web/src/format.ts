// French wording of the values the API keeps in machine formats (opening hours, partial dates,
// language codes), so that a social worker reads "Du lundi au vendredi : 8 h 30 – 17 h", not
// "Mo-Fr 08:30-17:00".

const dayNames: Record<string, string> = {
  Mo: "lundi", Tu: "mardi", We: "mercredi", Th: "jeudi", Fr: "vendredi", Sa: "samedi", Su: "dimanche",
};

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

// time turns "08:30" into "8 h 30" and "17:00" into "17 h".
function time(t: string): string | null {
  const m = /^(\d{1,2}):(\d{2})$/.exec(t);
  if (!m) return null;
  const h = Number(m[1]);
  const min = m[2];
  if (h > 24 || Number(min) > 59) return null;
  return min === "00" ? `${h}\u00a0h` : `${h}\u00a0h\u00a0${min}`;
}

function days(spec: string): string | null {
  const parts = spec.split(",").map((part) => {
    if (part === "PH") return "jours fériés";
    const range = /^(Mo|Tu|We|Th|Fr|Sa|Su)-(Mo|Tu|We|Th|Fr|Sa|Su)$/.exec(part);
    if (range) return `du ${dayNames[range[1]]} au ${dayNames[range[2]]}`;
    return dayNames[part] ?? null;
  });
  if (parts.some((p) => p === null)) return null;
  return parts.join(", ");
}

function times(spec: string): string | null {
  if (spec === "off" || spec === "closed") return "fermé";
  if (spec === "00:00-24:00") return "24\u00a0h/24";
  const parts = spec.split(",").map((range) => {
    const [from, to, ...rest] = range.split("-");
    if (rest.length || !from || !to) return null;
    const a = time(from);
    const b = time(to);
    return a && b ? `${a} – ${b}` : null;
  });
  if (parts.some((p) => p === null)) return null;
  return parts.join(", ");
}

// openingHours renders the common OpenStreetMap opening_hours forms in French, one line per
// rule; null when the value uses syntax it does not know (the caller then shows it as is).
export function openingHours(spec: string): string[] | null {
  const rules = spec.split(/;|\|\|/).map((r) => r.trim()).filter(Boolean);
  if (!rules.length) return null;
  const lines: string[] = [];
  for (const rule of rules) {
    if (rule === "24/7") {
      lines.push("24\u00a0h/24, 7\u00a0j/7");
      continue;
    }
    const m = /^((?:Mo|Tu|We|Th|Fr|Sa|Su|PH)[A-Za-z,-]*)?\s*(.*)$/.exec(rule)!;
    const d = m[1] ? days(m[1]) : null;
    if (m[1] && !d) return null;
    const t = m[2] ? times(m[2].replace(/\s+/g, "")) : null;
    if (m[2] && !t) return null;
    if (d && t) lines.push(`${capitalize(d)} : ${t}`);
    else if (d) lines.push(capitalize(d));
    else if (t) lines.push(`Tous les jours : ${t}`);
  }
  return lines;
}

const months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"];

// partialDate renders "2017", "2017-05" or "2017-05-03" as precise as it is given.
export function partialDate(s: string): string {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$/.exec(s);
  if (!m) return s;
  const [, y, mo, d] = m;
  if (!mo) return y;
  const month = months[Number(mo) - 1];
  if (!month) return s;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

const languageNames = new Intl.DisplayNames(["fr"], { type: "language" });

// language names an ISO 639 code in French ("ar" → "arabe"); other values are already words.
export function language(code: string): string {
  if (!/^[a-z]{2,3}(-[A-Za-z]{2,4})?$/.test(code)) return code;
  try {
    return languageNames.of(code) ?? code;
  } catch {
    return code;
  }
}
