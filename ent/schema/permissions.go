package schema

import (
	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2/ast"
)

// hasPermission builds the @hasPermission directive for the permissions.
func hasPermission(perms ...string) entgql.Directive {
	children := make(ast.ChildValueList, 0, len(perms))
	for _, p := range perms {
		children = append(children, &ast.ChildValue{Value: &ast.Value{Raw: p, Kind: ast.EnumValue}})
	}
	return entgql.NewDirective("hasPermission", &ast.Argument{
		Name:  "any",
		Value: &ast.Value{Kind: ast.ListValue, Children: children},
	})
}

// fieldNeeds guards an object field (an edge into more sensitive data) with
// @hasPermission, so a permission granted at the root cannot be widened by
// walking the graph.
func fieldNeeds(perms ...string) entgql.Annotation {
	return entgql.Directives(hasPermission(perms...))
}

// queryNeeds exposes an entity as a Relay connection on Query, guarded by the
// @hasPermission directive: the caller needs any one of the permissions (READ,
// WRITE, POS, REPORTS, ADMIN; "*" roles hold them all).
func queryNeeds(perms ...string) entgql.Annotation {
	return entgql.QueryField().Directives(hasPermission(perms...)).Annotation
}
