// Package data embeds the reference files Maillage is seeded from, unchanged, each folder with
// its PROVENANCE.md (source, licence, derivation). Shipping them inside the binary lets a fresh
// install seed itself with no download, and keeps the attribution the licences ask for next to
// the data.
package data

import "embed"

// Geo holds geo/*.csv: régions, départements, EPCI, EPT, communes (INSEE COG 2026 through
// @etalab/decoupage-administratif 6.0.0) and commune centres (geo.api.gouv.fr, COG 2021).
//
//go:embed geo/*.csv geo/PROVENANCE.md
var Geo embed.FS

// FINESS holds finess/*.csv: the FINESS category and legal-status nomenclatures, and a real
// sample of establishments (FINESS-Structures, 2026-08-13).
//
//go:embed finess/*.csv finess/PROVENANCE.md
var FINESS embed.FS

// DataInclusion holds data-inclusion/v1-extra/*.json: the enumerations of the data·inclusion
// schema v1.0.8 (thématiques, publics, modes d'accueil…), under Licence Ouverte 2.0.
//
//go:embed data-inclusion/v1-extra/*.json data-inclusion/PROVENANCE.md data-inclusion/LICENSE-etalab-2.0.md
var DataInclusion embed.FS
