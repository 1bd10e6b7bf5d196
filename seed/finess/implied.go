package finess

import (
	"slices"
	"strings"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/seed/vocab"
)

// implication lists the publics and thematiques an establishment is about by definition of its
// type or category, so that a listing FINESS says nothing else about can still be found by
// need. Only what the definition makes certain is listed: a CHRS takes people "in serious
// difficulty", not only people without a home, so it gets the thematique and no public.
type implication struct {
	publics, thematiques []string
}

const (
	hebergementTemporaire = "logement-hebergement--rechercher-une-solution-dhebergement-temporaire"
	accesAuxSoins         = "sante--acces-aux-soins"
)

// impliedByType holds the implications of a dispositif type:
//
//	type                publics                                            thematiques
//	hu                  sans abri, en situation d'urgence (CASF L345-2-2)   hébergement temporaire
//	chrs                — (CASF L345-1: graves difficultés, not only SDF)  hébergement temporaire
//	accueil-de-jour     en situation d'urgence (SDF, grande précarité)     —
//	maraude             sans abri                                          —
//	siao, 115           sans abri (+ urgence for the 115)                  hébergement temporaire
//	cada                demandeurs d'asile, personnes exilées              hébergement temporaire
//	cph                 réfugiés/BPI, personnes exilées                    hébergement temporaire
//	pension-de-famille  —                                                  logement et hébergement (category)
//	residence-sociale   —                                                  logement et hébergement (category)
//	lhss, lam           sans abri (CASF D312-176-1: sans domicile)         accès aux soins
//	act, emmsp          —                                                  accès aux soins
//	csapa, caarud       personnes confrontées à une addiction              addictions
//	cmp                 personnes en souffrance psychique                  santé mentale
var impliedByType = map[string]implication{
	"hu":                 {[]string{"personnes-sans-abri", "personnes-en-situation-durgence"}, []string{hebergementTemporaire}},
	"chrs":               {nil, []string{hebergementTemporaire}},
	"accueil-de-jour":    {[]string{"personnes-en-situation-durgence"}, nil},
	"maraude":            {[]string{"personnes-sans-abri"}, nil},
	"siao":               {[]string{"personnes-sans-abri"}, []string{hebergementTemporaire}},
	"115":                {[]string{"personnes-sans-abri", "personnes-en-situation-durgence"}, []string{hebergementTemporaire}},
	"cada":               {[]string{"demandeurs-dasile", "personnes-exilees"}, []string{hebergementTemporaire}},
	"cph":                {[]string{"refugies-bpi", "personnes-exilees"}, []string{hebergementTemporaire}},
	"pension-de-famille": {nil, []string{"logement-hebergement"}},
	"residence-sociale":  {nil, []string{"logement-hebergement"}},
	"lhss":               {[]string{"personnes-sans-abri"}, []string{accesAuxSoins}},
	"lam":                {[]string{"personnes-sans-abri"}, []string{accesAuxSoins}},
	"act":                {nil, []string{accesAuxSoins}},
	"emmsp":              {nil, []string{accesAuxSoins}},
	"csapa":              {[]string{"personnes-avec-addictions"}, []string{"sante--addictions"}},
	"caarud":             {[]string{"personnes-avec-addictions"}, []string{"sante--addictions"}},
	"cmp":                {[]string{"personnes-en-souffrance-psychique"}, []string{"sante--sante-mentale"}},
}

// impliedByCategory holds the implications of FINESS categories whose dispositif type is
// generic ("sante", "protection-enfance"…) but whose category is specific:
//
//	category                  publics                              thematiques
//	425 CATTP                 personnes en souffrance psychique    santé mentale
//	124, 637, 645             —                                    accès aux soins
//	638 CeGIDD                —                                    santé sexuelle
//	223, 230 PMI              familles                             accès aux soins
//	166, 175, 177, 411 (ASE)  enfants suivis par l'ASE             —
//	643, 644                  mineurs non accompagnés              —
//	340 MJPM                  —                                    mesure de protection financière
//	246 ESAT, 247 EA          personnes en situation de handicap   —
//	609 MDPH                  personnes en situation de handicap   dossier MDPH
var impliedByCategory = map[string]implication{
	"425": {[]string{"personnes-en-souffrance-psychique"}, []string{"sante--sante-mentale"}},
	"124": {nil, []string{accesAuxSoins}},
	"637": {nil, []string{accesAuxSoins}},
	"645": {nil, []string{accesAuxSoins}},
	"638": {nil, []string{"sante--sante-sexuelle"}},
	"223": {[]string{"familles"}, []string{accesAuxSoins}},
	"230": {[]string{"familles"}, []string{accesAuxSoins}},
	"166": {[]string{"enfants-proteges-ase"}, nil},
	"175": {[]string{"enfants-proteges-ase"}, nil},
	"177": {[]string{"enfants-proteges-ase"}, nil},
	"411": {[]string{"enfants-proteges-ase"}, nil},
	"643": {[]string{"mineurs-non-accompagnes"}, nil},
	"644": {[]string{"mineurs-non-accompagnes"}, nil},
	"340": {nil, []string{"difficultes-financieres--mettre-en-place-une-mesure-de-protection-financiere"}},
	"246": {[]string{"personnes-en-situation-de-handicap"}, nil},
	"247": {[]string{"personnes-en-situation-de-handicap"}, nil},
	"609": {[]string{"personnes-en-situation-de-handicap"}, []string{"sante--constituer-un-dossier-mdph-invalidite"}},
}

// implied returns the publics and thematiques of an establishment of category cat whose
// dispositif type is typ, with those its names state (byName).
func implied(cat, typ, names string) implication {
	i, ok := impliedByCategory[cat]
	if !ok {
		i = impliedByType[typ]
	}
	for _, p := range byName(names) {
		if !slices.Contains(i.publics, p) {
			i.publics = append(slices.Clip(i.publics), p)
		}
	}
	return i
}

// byName returns the publics an establishment's names state in words FINESS uses: « HU FVV
// CONJUGALES », « HU FEMMES VICTIMES DE VIOLENCES » is a shelter for women victims of
// violence, whatever its category (the catch-all 219 of the sample's FVV shelters says
// nothing of it). Only a name saying so outright counts.
func byName(names string) []string {
	words := " " + strings.ReplaceAll(graph.Slugify(names), "-", " ") + " "
	has := func(s string) bool { return strings.Contains(words, " "+s+" ") }
	var out []string
	if has("fvv") || has("victimes de violences") || has("victime de violences") || has("violences conjugales") || has("violences intrafamiliales") {
		out = append(out, "personnes-victimes-de-violences")
		if has("fvv") || has("femmes victimes") {
			out = append(out, "femmes")
		}
	}
	return out
}

// Classify gives the dispositif type of an establishment of category cat named names, with
// the publics and thematiques that type implies; ok is false for categories outside Maillage's
// field. It is the one classification both the seeded sample and imported FINESS extracts use.
func Classify(cat, names string) (typ string, publics, thematiques []string, ok bool) {
	typ, ok = vocab.FINESSCategoryType(cat)
	if !ok {
		return "", nil, nil, false
	}
	typ = refineType(cat, typ, names)
	imp := implied(cat, typ, names)
	return typ, imp.publics, imp.thematiques, true
}
