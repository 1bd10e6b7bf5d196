package resolvers

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net/http"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maillage/maillage/graph"
	"github.com/maillage/maillage/resolvers/model"
)

// DefaultMaxBodyBytes is the largest request body accepted when Options.MaxBodyBytes is not set:
// a listing's longest fields take a few tens of kilobytes.
const DefaultMaxBodyBytes = 1 << 20

// logPrefix is how much of what a client sent a log line quotes.
const logPrefix = 120

// quote shortens what a client sent for a log line: its first bytes, and its length.
func quote(b []byte) string {
	if len(b) <= logPrefix {
		return string(b)
	}
	return fmt.Sprintf("%s… (%d octets)", bytes.ToValidUTF8(b[:logPrefix], nil), len(b))
}

// guardRequests refuses, before GraphQL reads them, the requests that are the client's mistake,
// each with a BAD_USER_INPUT error and HTTP 4xx: a body over maxBytes (413), a method or content
// type GraphQL does not take, a body that is not one JSON object (unreadable, or a batch: an
// array of operations is refused rather than run with its cost uncounted). The requests GraphQL
// then refuses (syntax, validation, variables) are answered 400 instead of gqlgen's 422. Logs
// quote at most a short prefix of a body.
func guardRequests(maxBytes int64, log *slog.Logger, next http.Handler) http.Handler {
	refuse := func(w http.ResponseWriter, r *http.Request, status int, msg string, body []byte) {
		log.LogAttrs(r.Context(), slog.LevelInfo, "requête GraphQL refusée", slog.Int("statut", status),
			slog.String("raison", msg), slog.String("corps", quote(body)))
		WriteError(w, status, graph.CodeBadUserInput, msg)
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.Method {
		case http.MethodGet:
		case http.MethodPost:
			if mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type")); err != nil || mt != "application/json" {
				refuse(w, r, http.StatusUnsupportedMediaType, "Envoyez la requête GraphQL en JSON (en-tête « Content-Type: application/json »).", nil)
				return
			}
			body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxBytes))
			var tooLarge *http.MaxBytesError
			switch {
			case errors.As(err, &tooLarge):
				refuse(w, r, http.StatusRequestEntityTooLarge, fmt.Sprintf("Requête trop volumineuse : %d octets au plus.", maxBytes), body)
				return
			case err != nil:
				refuse(w, r, http.StatusBadRequest, "Requête interrompue avant la fin de son envoi.", body)
				return
			}
			if msg := checkBody(body); msg != "" {
				refuse(w, r, http.StatusBadRequest, msg, body)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		default:
			w.Header().Set("Allow", "GET, POST")
			refuse(w, r, http.StatusMethodNotAllowed, "Méthode "+r.Method+" non acceptée : envoyez la requête GraphQL en POST (ou en GET avec ?query=…).", nil)
			return
		}
		next.ServeHTTP(&clientErrorStatus{ResponseWriter: w}, r)
	})
}

// checkBody returns why a POST body is not one GraphQL request, "" when it is.
func checkBody(body []byte) string {
	trimmed := bytes.TrimLeft(body, " \t\r\n")
	if len(trimmed) > 0 && trimmed[0] == '[' {
		return "Les requêtes groupées (un tableau JSON d'opérations) ne sont pas acceptées : envoyez une opération par requête."
	}
	var params struct {
		Query         string         `json:"query"`
		OperationName string         `json:"operationName"`
		Variables     map[string]any `json:"variables"`
		Extensions    map[string]any `json:"extensions"`
	}
	if err := json.Unmarshal(body, &params); err != nil {
		return `Corps de requête illisible : un objet JSON est attendu, de la forme {"query": "…", "variables": {…}}.`
	}
	return ""
}

// A query over the cost limit is refused before it runs, like an invalid one: a protocol error
// (400), not an execution error (200).
func init() { errcode.RegisterErrorType("COMPLEXITY_LIMIT_EXCEEDED", errcode.KindProtocol) }

// clientErrorStatus answers 400 where gqlgen answers 422 (a request it cannot parse or
// validate): the client's mistake, reported as BAD_USER_INPUT.
type clientErrorStatus struct{ http.ResponseWriter }

func (w *clientErrorStatus) WriteHeader(code int) {
	if code == http.StatusUnprocessableEntity {
		code = http.StatusBadRequest
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *clientErrorStatus) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// timeValues checks every Time value of an operation, in its variables and in its literal
// arguments, before it runs: gqlgen's validation leaves custom scalars to the resolvers, which
// read them while executing (HTTP 200). Checked here, a bad date is refused like a bad enum:
// BAD_USER_INPUT, HTTP 400, nothing executed.
type timeValues struct{ schema *ast.Schema }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = &timeValues{}

func (*timeValues) ExtensionName() string { return "TimeValues" }

func (t *timeValues) Validate(s graphql.ExecutableSchema) error {
	t.schema = s.Schema()
	return nil
}

func (t *timeValues) MutateOperationContext(_ context.Context, oc *graphql.OperationContext) *gqlerror.Error {
	for _, def := range oc.Operation.VariableDefinitions {
		if err := t.checkVariable(def.Type, oc.Variables[def.Variable], ast.Path{ast.PathName("variable"), ast.PathName(def.Variable)}); err != nil {
			return err
		}
	}
	var err *gqlerror.Error
	walkArguments(oc.Doc, oc.Operation.SelectionSet, func(v *ast.Value) {
		if err == nil && v.Kind == ast.StringValue && v.ExpectedType != nil && v.ExpectedType.Name() == "Time" {
			if _, e := model.UnmarshalTime(v.Raw); e != nil {
				err = timeError(e, nil)
				err.Locations = []gqlerror.Location{{Line: v.Position.Line, Column: v.Position.Column}}
			}
		}
	})
	return err
}

func timeError(err error, path ast.Path) *gqlerror.Error {
	ge := gqlerror.ErrorPathf(path, "%s", graph.MessageOf(err))
	errcode.Set(ge, errcode.ValidationFailed)
	return ge
}

// checkVariable checks the Time values inside a variable's value of type typ.
func (t *timeValues) checkVariable(typ *ast.Type, v any, path ast.Path) *gqlerror.Error {
	if v == nil || typ == nil {
		return nil
	}
	if typ.Elem != nil {
		list, ok := v.([]any)
		if !ok { // a single value where a list is expected: GraphQL coerces it to a list of one
			return t.checkVariable(typ.Elem, v, path)
		}
		for i, e := range list {
			if err := t.checkVariable(typ.Elem, e, append(path, ast.PathIndex(i))); err != nil {
				return err
			}
		}
		return nil
	}
	if typ.NamedType == "Time" {
		if _, err := model.UnmarshalTime(v); err != nil {
			return timeError(err, path)
		}
		return nil
	}
	def := t.schema.Types[typ.NamedType]
	obj, ok := v.(map[string]any)
	if def == nil || def.Kind != ast.InputObject || !ok {
		return nil
	}
	for _, f := range def.Fields {
		if err := t.checkVariable(f.Type, obj[f.Name], append(path, ast.PathName(f.Name))); err != nil {
			return err
		}
	}
	return nil
}

// walkArguments calls fn for every literal value of the arguments in a selection set, the
// values inside lists and input objects included.
func walkArguments(doc *ast.QueryDocument, set ast.SelectionSet, fn func(*ast.Value)) {
	var value func(v *ast.Value)
	value = func(v *ast.Value) {
		if v == nil {
			return
		}
		fn(v)
		for _, c := range v.Children {
			value(c.Value)
		}
	}
	walkFields(doc, set, func(f *ast.Field, _ int) {
		for _, a := range f.Arguments {
			value(a.Value)
		}
	})
}

// walkFields calls fn for every field of a selection set with its depth (0 for the
// operation's own fields), through inline fragments and fragment spreads (each fragment
// followed once per path, so a cycle, which validation refuses anyway, cannot loop).
func walkFields(doc *ast.QueryDocument, set ast.SelectionSet, fn func(f *ast.Field, depth int)) {
	var walk func(set ast.SelectionSet, depth int, inside map[string]bool)
	walk = func(set ast.SelectionSet, depth int, inside map[string]bool) {
		for _, sel := range set {
			switch s := sel.(type) {
			case *ast.Field:
				fn(s, depth)
				walk(s.SelectionSet, depth+1, inside)
			case *ast.InlineFragment:
				walk(s.SelectionSet, depth, inside)
			case *ast.FragmentSpread:
				if f := doc.Fragments.ForName(s.Name); f != nil && !inside[s.Name] {
					inside[s.Name] = true
					walk(f.SelectionSet, depth, inside)
					delete(inside, s.Name)
				}
			}
		}
	}
	walk(set, 0, map[string]bool{})
}
