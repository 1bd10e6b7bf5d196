package resolvers

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"runtime/debug"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"github.com/maillage/maillage/graph"
)

// presentError gives every error an extensions.code and a French message. Domain errors keep
// their code and message (and field messages under extensions.fields); errors of the query
// itself (syntax, unknown field, wrong argument type, too complex) are BAD_USER_INPUT with a
// French sentence before the parser's own; anything else is INTERNAL, logged, never shown.
func presentError(log *slog.Logger) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gqlErr := graphql.DefaultErrorPresenter(ctx, err)
		if gqlErr.Extensions == nil {
			gqlErr.Extensions = map[string]any{}
		}
		var de *graph.Error
		if errors.As(err, &de) {
			if de.Code == graph.CodeInternal {
				log.Error("erreur interne", "err", quote([]byte(fmt.Sprint(de.Err))), "path", gqlErr.Path.String())
			}
			gqlErr.Message = de.Message
			gqlErr.Extensions["code"] = string(de.Code)
			if len(de.Fields) > 0 {
				gqlErr.Extensions["fields"] = de.Fields
			}
			if len(de.Details) > 0 {
				gqlErr.Extensions["details"] = de.Details
			}
			return gqlErr
		}
		switch gqlErr.Extensions["code"] {
		case "GRAPHQL_PARSE_FAILED":
			gqlErr.Message = "Requête GraphQL illisible : " + gqlErr.Message
		case "GRAPHQL_VALIDATION_FAILED":
			gqlErr.Message = "Requête GraphQL invalide : " + gqlErr.Message
		case "COMPLEXITY_LIMIT_EXCEEDED":
			gqlErr.Message = "Requête trop complexe : demandez moins de champs, des pages plus petites ou, pour un rapport, un territoire plus petit ou un niveau de sous-territoire plus large (les rapports complets se téléchargent en CSV) (" + gqlErr.Message + ")."
		default:
			var ge *gqlerror.Error
			if errors.As(err, &ge) && ge.Rule != "" || isArgumentError(err) {
				gqlErr.Message = "Requête GraphQL invalide : " + gqlErr.Message
				break
			}
			log.Error("erreur interne", "err", quote([]byte(err.Error())), "path", gqlErr.Path.String())
			gqlErr.Message = graph.Internal(err).Message
			gqlErr.Extensions["code"] = string(graph.CodeInternal)
			return gqlErr
		}
		gqlErr.Extensions["code"] = string(graph.CodeBadUserInput)
		return gqlErr
	}
}

// isArgumentError reports errors gqlgen raises while decoding arguments and variables (a wrong
// enum value, a string where an int is expected): they are the caller's, not ours.
func isArgumentError(err error) bool {
	var ge *gqlerror.Error
	if !errors.As(err, &ge) {
		return false
	}
	code, _ := ge.Extensions["code"].(string)
	return code == "GRAPHQL_VALIDATION_FAILED" || code == "BAD_USER_INPUT"
}

// recoverPanic turns a panic in a resolver into an INTERNAL error, logged with its stack.
func recoverPanic(log *slog.Logger) graphql.RecoverFunc {
	return func(ctx context.Context, p any) error {
		log.Error("panique dans un résolveur", "panic", p, "stack", string(debug.Stack()))
		return graph.Internal(fmt.Errorf("panic: %v", p))
	}
}

// WriteError answers a request refused before GraphQL runs (body too large, unreadable JSON,
// accounts unreachable, server starting) the way GraphQL answers errors: a JSON body with one
// error, its French message and its extensions.code.
func WriteError(w http.ResponseWriter, status int, code graph.Code, message string) {
	body, _ := json.Marshal(map[string]any{"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": string(code)}}}})
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
