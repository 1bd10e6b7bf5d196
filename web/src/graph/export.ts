// Export of a graph drawing as a file for slides: PNG (cytoscape's own renderer, at twice the
// screen's resolution) or SVG (toSVG). The browser downloads it.

import type { Core } from "cytoscape";
import { toSVG } from "./svg";

export type ExportRecord = { format: "png" | "svg"; bytes: number; head: string; name: string };

declare global {
  interface Window {
    // the last exports, for the browser tests
    __maillageExports?: ExportRecord[];
  }
}

function slug(s: string): string {
  return (
    s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 60) || "graphe"
  );
}

function download(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement("a");
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function exportGraph(cy: Core, format: "png" | "svg", full: boolean, title: string): Promise<ExportRecord> {
  const name = `maillage-${slug(title)}.${format}`;
  let blob: Blob;
  if (format === "png") {
    blob = cy.png({ output: "blob", full, scale: 2, maxWidth: 8000, maxHeight: 8000, bg: "#ffffff" });
  } else {
    blob = new Blob([toSVG(cy, full, `Maillage — ${title}`)], { type: "image/svg+xml;charset=utf-8" });
  }
  const head = Array.from(new Uint8Array(await blob.slice(0, 8).arrayBuffer()))
    .map((b) => b.toString(16).padStart(2, "0"))
    .join("");
  const rec: ExportRecord = { format, bytes: blob.size, head, name };
  (window.__maillageExports ??= []).push(rec);
  download(blob, name);
  return rec;
}
