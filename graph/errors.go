package graph

import (
	"errors"
	"fmt"
)

// Code classifies an application error. The values are the GraphQL `extensions.code` strings.
type Code string

const (
	CodeBadUserInput    Code = "BAD_USER_INPUT"
	CodeUnauthenticated Code = "UNAUTHENTICATED"
	CodeForbidden       Code = "FORBIDDEN"
	CodeNotFound        Code = "NOT_FOUND"
	CodeConflict        Code = "CONFLICT"
	CodeInternal        Code = "INTERNAL"
)

// Error is an application error: a code, a message a social worker understands (French), and,
// for validation errors, the fields at fault.
type Error struct {
	Code    Code
	Message string
	// Fields maps a field path ("eligibility.ageMin") to a French message, for forms.
	Fields map[string]string
	// Details are machine-readable facts for the client (extensions.details): for a CONFLICT,
	// the current version and the changes made since the version the caller read.
	Details map[string]any
	// Err is the underlying cause, if any; it is never shown to users.
	Err error
}

func (e *Error) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("%s: %s: %v", e.Code, e.Message, e.Err)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error with the given code and a formatted French message.
func Errorf(code Code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// NotFound is the error for a missing node or relation.
func NotFound(what, id string) *Error {
	return Errorf(CodeNotFound, "%s « %s » introuvable.", what, id)
}

// Internal wraps an unexpected error; its message stays generic so no internals leak.
func Internal(err error) *Error {
	return &Error{Code: CodeInternal, Message: "Erreur interne : l'opération n'a pas pu aboutir. Réessayez ou contactez l'administrateur.", Err: err}
}

// ErrorCode returns the code of err: the code of the first *Error in its chain, or INTERNAL.
func ErrorCode(err error) Code {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return CodeInternal
}

// IsCode reports whether err carries the given code.
func IsCode(err error, code Code) bool { return err != nil && ErrorCode(err) == code }

// ValidationErrors collects field errors and turns them into one BAD_USER_INPUT error.
type ValidationErrors struct {
	fields map[string]string
	order  []string
}

// Add records a field error; the first message for a field wins.
func (v *ValidationErrors) Add(field, msg string) {
	if v.fields == nil {
		v.fields = map[string]string{}
	}
	if _, ok := v.fields[field]; ok {
		return
	}
	v.fields[field] = msg
	v.order = append(v.order, field)
}

// Err returns nil when no field failed, otherwise a BAD_USER_INPUT *Error whose message lists
// every field message.
func (v *ValidationErrors) Err() error {
	if len(v.order) == 0 {
		return nil
	}
	msg := "Saisie invalide : "
	for i, f := range v.order {
		if i > 0 {
			msg += " ; "
		}
		msg += v.fields[f]
	}
	return &Error{Code: CodeBadUserInput, Message: msg, Fields: v.fields}
}

// MessageOf is the message to show for err: its own for an application error, a generic one
// otherwise (internals never leak).
func MessageOf(err error) string {
	var e *Error
	if errors.As(err, &e) && e.Code != CodeInternal {
		return e.Message
	}
	return Internal(err).Message
}
