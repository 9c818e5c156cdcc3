package server

import (
	"net/http"

	"github.com/99designs/gqlgen/graphql/playground"
)

// playgroundHandler serves the GraphiQL page.
func playgroundHandler(endpoint string) http.HandlerFunc {
	return playground.Handler("Pandac POS", endpoint)
}
