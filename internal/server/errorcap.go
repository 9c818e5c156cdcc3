package server

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"github.com/vektah/gqlparser/v2/validator/core"
	"github.com/vektah/gqlparser/v2/validator/rules"

	"github.com/pandac/pandac/internal/fault"
)

// MaxErrors is the most errors any GraphQL answer carries. A document of a
// few thousand unknown fields (or repeated directives) otherwise answers with
// one error each: megabytes of JSON built from a request of kilobytes. The
// first MaxErrors-1 errors are kept and the last entry says that more were
// dropped; fixing the first ones is what a client needs anyway.
const MaxErrors = 50

// DefaultMaxParserTokens bounds the tokens the GraphQL parser reads from one
// document before it gives up. GraphiQL's full introspection query is about
// 600 tokens and a checkout with a hundred inline lines about 1,500; a
// one-megabyte body of unknown field names is 130,000, and without this bound
// every one of them is parsed, validated and answered before any other limit
// looks at the query.
const DefaultMaxParserTokens = 10000

func init() {
	// Operations refused before execution answer 422, as gqlgen answers
	// parse and validation failures, rather than 200: nothing ran.
	for _, code := range []string{CodeQueryTooComplex, CodeQueryTooDeep, CodeTooManyRootFields, graphQLCode(fault.CodeBadInput), graphQLCode(fault.CodeUnauthenticated)} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// cappedRules returns gqlparser's default validation rules with every rule
// reporting through one shared counter, so validation keeps at most max
// errors (plus one marker saying more were dropped) whatever the document.
//
// gqlgen calls the function once per document it validates, so each
// validation gets a fresh counter. It then swaps FieldsOnCorrectType and
// ScalarLeafs for their variants with or without suggestions using AddRule,
// which leaves a rule of the same name alone: both variants are therefore
// registered, capped, here, and whichever gqlgen keeps is capped.
func cappedRules(max int) func() *rules.Rules {
	return func() *rules.Rules {
		base := rules.NewDefaultRules()
		all := base.GetInner()
		for _, r := range []core.Rule{
			rules.FieldsOnCorrectTypeRule, rules.FieldsOnCorrectTypeRuleWithoutSuggestions,
			rules.ScalarLeafsRule, rules.ScalarLeafsRuleWithoutSuggestions,
		} {
			all[r.Name] = r.RuleFunc
		}
		n := 0
		out := rules.NewRules()
		for name, fn := range all {
			out.AddRule(name, func(observers *core.Events, addError core.AddErrFunc) {
				fn(observers, func(options ...core.ErrorOption) {
					n++
					switch {
					case n < max:
						addError(options...)
					case n == max:
						addError(core.Message("%s", droppedMessage(max-1)))
					}
				})
			})
		}
		return out
	}
}

func droppedMessage(kept int) string {
	return fmt.Sprintf("too many errors: the first %d are shown and the rest were dropped; fix these and send the request again", kept)
}

// errorCap is a gqlgen extension that keeps every answer, execution errors
// included, to at most max errors: the first max-1 and a last one saying how
// many more were dropped.
type errorCap struct{ max int }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = errorCap{}

// ExtensionName implements graphql.HandlerExtension.
func (errorCap) ExtensionName() string { return "PandacErrorCap" }

// Validate implements graphql.HandlerExtension.
func (c errorCap) Validate(graphql.ExecutableSchema) error {
	if c.max < 2 {
		return fmt.Errorf("the error cap must keep at least 2 errors, got %d", c.max)
	}
	return nil
}

// InterceptResponse orders the errors and truncates the list.
func (c errorCap) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	// Root fields and some lists resolve concurrently, so errors arrive in
	// whatever order their goroutines ran: put them in path order (errors
	// without a path, from validation, keep theirs, first), so the same
	// request always gets the same answer and the cap keeps the same ones.
	slices.SortStableFunc(resp.Errors, func(a, b *gqlerror.Error) int {
		return comparePaths(a.Path, b.Path)
	})
	if len(resp.Errors) <= c.max {
		return resp
	}
	kept := c.max - 1
	dropped := len(resp.Errors) - kept
	var code any = graphQLCode(fault.CodeBadInput)
	if c, ok := resp.Errors[kept].Extensions["code"]; ok {
		code = c
	}
	errs := make(gqlerror.List, kept, c.max)
	copy(errs, resp.Errors[:kept])
	resp.Errors = append(errs, &gqlerror.Error{
		Message:    fmt.Sprintf("too many errors: the first %d are shown and %d more were dropped", kept, dropped),
		Extensions: map[string]any{"code": code, "droppedErrors": dropped},
	})
	return resp
}

// comparePaths orders response paths element by element: field names
// alphabetically, list indices numerically, an index before a name, and a
// path before the paths it leads to.
func comparePaths(a, b ast.Path) int {
	for i := 0; i < len(a) && i < len(b); i++ {
		ai, aIndex := a[i].(ast.PathIndex)
		bi, bIndex := b[i].(ast.PathIndex)
		switch {
		case aIndex && bIndex:
			if c := cmp.Compare(ai, bi); c != 0 {
				return c
			}
		case aIndex:
			return -1
		case bIndex:
			return 1
		default:
			an, _ := a[i].(ast.PathName)
			bn, _ := b[i].(ast.PathName)
			if c := strings.Compare(string(an), string(bn)); c != 0 {
				return c
			}
		}
	}
	return cmp.Compare(len(a), len(b))
}
