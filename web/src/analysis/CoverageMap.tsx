import { useEffect, useMemo, useState, type KeyboardEvent } from "react";
import { fit, layerFor, pathOf, pointsOf, type GeoLayer, type GeoShape, type Projection } from "./geo";
import type { Scale } from "./scale";

export type MapRow = { code: string; name: string; population: number | null };
// The figure of a row for the chosen value: null when unknown (a capacity nobody declares).
export type MapValue = { value: number | null; gap: boolean; text: string };

const W = 640;

type Props = {
  rowLevel: string;
  rows: MapRow[];
  values: Map<string, MapValue>;
  scale: Scale;
  title: string;
  selected: string | null;
  onSelect: (code: string) => void;
};

type Drawn = { shape: GeoShape; d?: string; cx?: number; cy?: number };

// layout projects the shapes: the main map, and the overseas départements in insets below it.
function layout(layer: GeoLayer): { drawn: Drawn[]; backdrop: string[]; height: number } {
  const main = layer.shapes.filter((s) => !s.inset);
  const insets = layer.shapes.filter((s) => s.inset);
  const mainPoints = [...main.flatMap(pointsOf), ...layer.backdrop.flatMap((polys) => polys.flatMap((p) => p[0] ?? []))];
  const box = { x: 8, y: 8, w: W - 16, h: insets.length ? 470 : 560 };
  const { project, h } = fit(mainPoints, box);
  const drawn: Drawn[] = [];
  const draw = (s: GeoShape, p: Projection) => {
    if (s.point) {
      const [cx, cy] = p(s.point);
      drawn.push({ shape: s, cx, cy });
    } else drawn.push({ shape: s, d: pathOf(s.polygons ?? [], p) });
  };
  main.forEach((s) => draw(s, project));
  const backdrop = layer.backdrop.map((polys) => pathOf(polys, project));
  let height = h + 16;
  if (insets.length) {
    const size = (W - 16) / insets.length;
    insets.forEach((s, i) => {
      const inset = fit(pointsOf(s), { x: 8 + i * size + 6, y: height + 8, w: size - 12, h: 80 });
      draw(s, inset.project);
    });
    height += 100;
  }
  return { drawn, backdrop, height };
}

export function CoverageMap({ rowLevel, rows, values, scale, title, selected, onSelect }: Props) {
  const codes = useMemo(() => rows.map((r) => r.code), [rows]);
  // the layer depends on the codes' values, not on the array's identity
  const codeList = codes.join(",");
  const key = rowLevel + ":" + codeList;
  const [state, setState] = useState<{ key: string; layer: GeoLayer | null } | null>(null);
  const [hover, setHover] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    layerFor(rowLevel, codeList ? codeList.split(",") : [])
      .then((layer) => live && setState({ key, layer }))
      .catch(() => live && setState({ key, layer: null }));
    return () => {
      live = false;
    };
  }, [key, rowLevel, codeList]);
  const drawing = useMemo(() => (state?.layer ? layout(state.layer) : null), [state]);
  const byCode = useMemo(() => new Map(rows.map((r) => [r.code, r])), [rows]);

  if (!state || state.key !== key) return <p className="muted" role="status">Chargement de la carte…</p>;
  if (!state.layer || !drawing) {
    return <p className="muted map-none">Pas de carte pour ce découpage : le tableau ci-dessous donne les chiffres.</p>;
  }
  const layer = state.layer;
  const max = Math.max(0, ...[...values.values()].map((v) => v.value ?? 0));
  const circles = layer.kind === "circles";
  const maxR = Math.min(18, Math.max(5, 0.55 * Math.sqrt((W * drawing.height) / Math.max(1, layer.shapes.length))));
  const fillOf = (code: string) => {
    const v = values.get(code);
    if (!v) return "url(#carte-inconnu)";
    if (v.gap) return "url(#carte-hachures)";
    if (v.value == null) return "url(#carte-inconnu)";
    return scale.colors[scale.classOf(v.value)] ?? "#fff";
  };
  const label = (code: string) => {
    const r = byCode.get(code);
    const v = values.get(code);
    return `${r?.name ?? code} : ${v?.text ?? "pas de donnée"}`;
  };
  const key2 = (code: string) => (e: KeyboardEvent) => {
    if (e.key === "Enter" || e.key === " ") {
      e.preventDefault();
      onSelect(code);
    }
  };
  // the largest circles first, so that the small ones stay reachable on top
  const drawn = circles ? [...drawing.drawn].sort((a, b) => (values.get(b.shape.code)?.value ?? 0) - (values.get(a.shape.code)?.value ?? 0)) : drawing.drawn;
  const shown = hover ?? selected;
  const approximate = layer.shapes.some((s) => s.approximate);
  return (
    <figure className="coverage-map">
      <a className="skip-map" href="#apres-carte">Passer la carte</a>
      <svg viewBox={`0 0 ${W} ${Math.ceil(drawing.height)}`} role="group" aria-label={title} className={circles ? "circles" : "outlines"}>
        <defs>
          <pattern id="carte-hachures" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
            <rect width="6" height="6" fill="#f1f1f1" />
            <line x1="0" y1="0" x2="0" y2="6" stroke="#8a8a8a" strokeWidth="2" />
          </pattern>
          <pattern id="carte-inconnu" patternUnits="userSpaceOnUse" width="5" height="5">
            <rect width="5" height="5" fill="#fff" />
            <circle cx="2.5" cy="2.5" r=".8" fill="#9aa3b2" />
          </pattern>
        </defs>
        {drawing.backdrop.map((d, i) => <path key={i} d={d} className="map-backdrop" aria-hidden="true" />)}
        {drawn.map(({ shape, d, cx, cy }, i) => {
          const common = {
            key: shape.code + ":" + i,
            tabIndex: 0,
            role: "button",
            "aria-label": label(shape.code) + (shape.note ? ` — contour de ${shape.note}` : ""),
            "aria-pressed": selected === shape.code,
            "data-code": shape.code,
            className: "map-shape" + (selected === shape.code ? " selected" : ""),
            onClick: () => onSelect(shape.code),
            onKeyDown: key2(shape.code),
            onMouseEnter: () => setHover(shape.code),
            onMouseLeave: () => setHover(null),
            onFocus: () => setHover(shape.code),
            onBlur: () => setHover(null),
          };
          if (d !== undefined) {
            return (
              <path {...common} d={d} fill={fillOf(shape.code)} fillRule="evenodd">
                <title>{label(shape.code)}</title>
              </path>
            );
          }
          const v = values.get(shape.code);
          const r = v?.value && max > 0 ? Math.max(2.5, maxR * Math.sqrt(v.value / max)) : 2.5;
          return (
            <circle {...common} cx={cx} cy={cy} r={r} fill={fillOf(shape.code)}>
              <title>{label(shape.code)}</title>
            </circle>
          );
        })}
      </svg>
      <p className="map-info" aria-live="polite">{shown ? label(shown) : "Survolez ou parcourez la carte au clavier ; cliquez pour voir les dispositifs."}</p>
      <div className="legend map-legend" aria-label="Légende">
        <ul>
          {scale.labels.map((l, i) => (
            <li key={l}>
              <svg width="18" height="14" aria-hidden="true"><rect width="18" height="14" fill={scale.colors[i]} stroke="#555" strokeWidth=".5" /></svg> {l}
            </li>
          ))}
          <li>
            <svg width="18" height="14" aria-hidden="true"><rect width="18" height="14" fill="url(#carte-hachures)" stroke="#555" strokeWidth=".5" /></svg> Manque : aucun dispositif
          </li>
          {[...values.values()].some((v) => !v.gap && v.value == null) && (
            <li>
              <svg width="18" height="14" aria-hidden="true"><rect width="18" height="14" fill="url(#carte-inconnu)" stroke="#555" strokeWidth=".5" /></svg> Capacité non déclarée
            </li>
          )}
          {circles && <li>Cercles proportionnels au chiffre, au centre de chaque territoire</li>}
        </ul>
      </div>
      <figcaption className="muted small" id="apres-carte" tabIndex={-1}>
        {layer.kind === "outlines" ? "Contours : IGN Admin Express (découpage 2018), Licence Ouverte." : "Centres des communes : geo.api.gouv.fr (2021), Licence Ouverte ; contour : IGN Admin Express."}
        {approximate && " Positions des arrondissements de Paris approximatives (schéma)."}
        {layer.missing.length > 0 && ` Sans tracé sur la carte (${layer.missing.length}) : ${layer.missing.map((c) => byCode.get(c)?.name ?? c).join(", ")} — voir le tableau.`}
      </figcaption>
    </figure>
  );
}
