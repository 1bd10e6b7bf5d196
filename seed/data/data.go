// Package data embeds the reference files Maillage is seeded from, unchanged, each folder with
// its PROVENANCE.md (source, licence, derivation). Shipping them inside the binary lets a fresh
// install seed itself with no download.
package data

import "embed"

// Geo holds geo/*.csv: régions, départements, EPCI, EPT, communes (INSEE COG 2026) and commune
// centres (geo.api.gouv.fr, 2021).
//
//go:embed geo/*.csv
var Geo embed.FS

// FINESS holds finess/*.csv: FINESS category and legal-status nomenclatures, and a real sample of
// establishments.
//
//go:embed finess/*.csv
var FINESS embed.FS

// DataInclusion holds data-inclusion/v1-extra/*.json: the data·inclusion schema v1 enumerations.
//
//go:embed data-inclusion/v1-extra/*.json
var DataInclusion embed.FS

// OpenData holds opendata/*/*: the national open datasets `maillage seed` loads (data·inclusion
// La Réunion, France services, annuaire de l'administration 2019, Missions locales and France
// Travail referentials), large files gzip-compressed, each folder with its PROVENANCE.md.
//
//go:embed opendata
var OpenData embed.FS
