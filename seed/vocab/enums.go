package vocab

import (
	"fmt"

	"github.com/maillage/maillage/graph"
)

// The data·inclusion v1 enumerations as closed vocabularies (slug = data·inclusion value, label
// in French), for mapping listings to and from the data·inclusion schema. They are read from
// the embedded files when the program starts; the files are part of the binary, so a failure
// is a broken build, which the package's tests catch, not a runtime condition.
var (
	// Publics are the 14 data·inclusion publics (Maillage's own are in MaillagePublics).
	Publics = mustEnumeration("publics")
	// ThematiqueCategories are the 16 top-level thématiques.
	ThematiqueCategories = mustEnumeration("thematiques-categories")
	// Thematiques are the 69 leaf thématiques ("sante--addictions").
	Thematiques = mustEnumeration("thematiques")
	// ModesAccueil: "en-presentiel", "a-distance".
	ModesAccueil = mustEnumeration("modes-accueil")
	// ModesMobilisation: how a person gets access (telephoner, se-presenter…); the same slugs
	// are part of graph.AccessModes.
	ModesMobilisation = mustEnumeration("modes-mobilisation")
	// PersonnesMobilisatrices: who can mobilise the service ("usagers", "professionnels").
	PersonnesMobilisatrices = mustEnumeration("personnes-mobilisatrices")
	// Frais: "gratuit", "payant" (graph.Costs uses the same slugs).
	Frais = mustEnumeration("frais")
	// TypesDeServices: accompagnement, aide financière, atelier, formation…
	TypesDeServices = mustEnumeration("types-de-services")
	// ReseauxPorteurs are the national networks a structure may belong to.
	ReseauxPorteurs = mustEnumeration("reseaux-porteurs")
)

// Enumeration returns the data·inclusion v1 enumeration name ("frais", "modes-accueil"…) as a
// graph.Vocabulary.
func Enumeration(name string) (graph.Vocabulary, error) {
	terms, err := ReadEnum(name)
	if err != nil {
		return nil, err
	}
	v := make(graph.Vocabulary, len(terms))
	for i, t := range terms {
		if t.Value == "" || t.Label == "" {
			return nil, fmt.Errorf("%s.json : entrée %d sans valeur ou sans libellé", name, i)
		}
		v[i] = graph.Term{Slug: t.Value, Label: t.Label}
	}
	return v, nil
}

func mustEnumeration(name string) graph.Vocabulary {
	v, err := Enumeration(name)
	if err != nil {
		panic(fmt.Sprintf("vocab: énumération data·inclusion %s : %v", name, err))
	}
	return v
}
