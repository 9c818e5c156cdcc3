package server

import "github.com/pandac/pandac/internal/fault"

// graphQLCodes is the one table from fault codes to the extensions.code
// GraphQL clients read. The strings are the API: clients branch on them, so
// they never change; a new fault code gets a new string here.
var graphQLCodes = map[fault.Code]string{
	fault.CodeInternal:          "INTERNAL",
	fault.CodeBadInput:          "BAD_USER_INPUT",
	fault.CodeNotFound:          "NOT_FOUND",
	fault.CodeConflict:          "CONFLICT",
	fault.CodeInsufficientStock: "INSUFFICIENT_STOCK",
	fault.CodeUnauthenticated:   "UNAUTHENTICATED",
	fault.CodeForbidden:         "FORBIDDEN",
	fault.CodeTooManyRequests:   "TOO_MANY_REQUESTS",
}

// graphQLCode is c's extensions.code. A code missing from the table is
// answered as INTERNAL, as any failure the server cannot name is.
func graphQLCode(c fault.Code) string {
	if s, ok := graphQLCodes[c]; ok {
		return s
	}
	return graphQLCodes[fault.CodeInternal]
}
