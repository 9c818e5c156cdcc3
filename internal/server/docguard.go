package server

import (
	"context"
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/parser"
)

// MaxRepeatedSelections is how often one response name (or one fragment
// spread) may appear in one selection set, inline fragments merged in.
// Validation compares every pair of fields that share a response name
// (OverlappingFieldsCanBeMerged), so a document repeating `__typename` 5,000
// times under the token limit costs seconds of CPU before any other limit
// looks at it; real documents repeat a field once or twice, through
// fragments.
const MaxRepeatedSelections = 20

// MaxDocumentFields bounds the field selections written in one document
// (fragments counted once each). The largest real documents, GraphiQL's
// introspection query among them, select a few hundred; validating
// thousands of fields costs tens of milliseconds each time, however many of
// them turn out to be unknown.
const MaxDocumentFields = 2000

// documentGuard is a gqlgen extension that parses a document not yet in the
// query cache, under the token limit, and refuses it with QUERY_TOO_COMPLEX
// before validation when it repeats a selection more than
// MaxRepeatedSelections times or selects more than MaxDocumentFields fields.
// Parsing is linear and cheap next to validation; a document that does not
// parse is refused here with the parse error gqlgen would give.
type documentGuard struct {
	cache graphql.Cache[*ast.QueryDocument]
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
} = documentGuard{}

// ExtensionName implements graphql.HandlerExtension.
func (documentGuard) ExtensionName() string { return "PandacDocumentGuard" }

// Validate implements graphql.HandlerExtension.
func (documentGuard) Validate(graphql.ExecutableSchema) error { return nil }

// MutateOperationParameters checks the document before gqlgen validates it.
func (g documentGuard) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if params.Query == "" {
		return nil
	}
	if _, ok := g.cache.Get(ctx, params.Query); ok {
		return nil // validated before
	}
	doc, err := parser.ParseQueryWithTokenLimit(&ast.Source{Input: params.Query}, DefaultMaxParserTokens)
	if err != nil {
		// Answer the parse error gqlgen would give, without parsing again:
		// a flood of megabyte documents is mostly this case.
		var gerr *gqlerror.Error
		if errors.As(err, &gerr) && gerr != nil {
			errcode.Set(gerr, errcode.ParseFailed)
			return gerr
		}
		return nil
	}
	if doc == nil {
		return nil
	}
	fields := 0
	for _, op := range doc.Operations {
		if e := repeated(op.SelectionSet, &fields); e != nil {
			return e
		}
	}
	for _, f := range doc.Fragments {
		if e := repeated(f.SelectionSet, &fields); e != nil {
			return e
		}
	}
	return nil
}

// repeated checks set and every set nested in it, adding their fields to
// *fields.
func repeated(set ast.SelectionSet, fields *int) *gqlerror.Error {
	counts := map[string]int{}
	var nested []ast.SelectionSet
	var count func(set ast.SelectionSet, depth int) *gqlerror.Error
	count = func(set ast.SelectionSet, depth int) *gqlerror.Error {
		for _, sel := range set {
			key := ""
			switch s := sel.(type) {
			case *ast.Field:
				*fields++
				if *fields > MaxDocumentFields {
					err := gqlerror.Errorf("the document selects more than %d fields; split it into several requests", MaxDocumentFields)
					err.Extensions = map[string]any{"code": CodeQueryTooComplex}
					return err
				}
				key = s.Alias
				if key == "" {
					key = s.Name
				}
				if len(s.SelectionSet) > 0 {
					nested = append(nested, s.SelectionSet)
				}
			case *ast.FragmentSpread:
				key = "..." + s.Name
			case *ast.InlineFragment:
				// Its fields merge into this set; the parser bounds nesting.
				if err := count(s.SelectionSet, depth+1); err != nil {
					return err
				}
				continue
			}
			counts[key]++
			if counts[key] > MaxRepeatedSelections {
				err := gqlerror.Errorf("the document selects %q more than %d times in one selection set; select it once", key, MaxRepeatedSelections)
				err.Extensions = map[string]any{"code": CodeQueryTooComplex}
				return err
			}
		}
		return nil
	}
	if err := count(set, 0); err != nil {
		return err
	}
	for _, s := range nested {
		if err := repeated(s, fields); err != nil {
			return err
		}
	}
	return nil
}
