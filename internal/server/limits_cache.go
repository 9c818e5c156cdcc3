package server

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler/lru"
	"github.com/vektah/gqlparser/v2/ast"
)

// Bounds of the server's query caches. An entry-count LRU alone lets a client
// fill each cache with 1000 one-megabyte queries; refusing to cache queries
// longer than MaxCachedQueryBytes caps the caches at about 1000 x 32 KiB each.
// Real operations (GraphiQL's full introspection query is about 3 KiB) fit
// comfortably; a longer one still runs, it just is not remembered.
const (
	MaxCachedQueries    = 1000
	MaxCachedQueryBytes = 32 << 10
)

// boundedCache is an LRU that skips entries whose size exceeds maxBytes.
type boundedCache[T any] struct {
	inner    graphql.Cache[T]
	maxBytes int
	size     func(key string, value T) int
}

// Get implements graphql.Cache.
func (c boundedCache[T]) Get(ctx context.Context, key string) (T, bool) {
	return c.inner.Get(ctx, key)
}

// Add implements graphql.Cache, dropping oversized entries.
func (c boundedCache[T]) Add(ctx context.Context, key string, value T) {
	if c.size(key, value) > c.maxBytes {
		return
	}
	c.inner.Add(ctx, key, value)
}

// NewPersistedQueryCache returns the cache of automatic persisted queries
// (sha256 -> query text), bounded in entries and in entry size. A client whose
// query was too long to keep gets PERSISTED_QUERY_NOT_FOUND on its next
// hash-only request and sends the full text again, as the APQ protocol expects.
func NewPersistedQueryCache() graphql.Cache[string] {
	return boundedCache[string]{
		inner:    lru.New[string](MaxCachedQueries),
		maxBytes: MaxCachedQueryBytes,
		size:     func(_ string, query string) int { return len(query) },
	}
}

// NewParsedQueryCache returns the cache of parsed documents, keyed by query
// text, with the same bounds.
func NewParsedQueryCache() graphql.Cache[*ast.QueryDocument] {
	return boundedCache[*ast.QueryDocument]{
		inner:    lru.New[*ast.QueryDocument](MaxCachedQueries),
		maxBytes: MaxCachedQueryBytes,
		size:     func(query string, _ *ast.QueryDocument) int { return len(query) },
	}
}
