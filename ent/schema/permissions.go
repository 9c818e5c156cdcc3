package schema

import (
	"entgo.io/contrib/entgql"
	"github.com/vektah/gqlparser/v2/ast"
)

// queryNeeds exposes an entity as a Relay connection on Query, guarded by the
// @hasPermission directive: the caller needs any one of the permissions (READ,
// WRITE, POS, REPORTS, ADMIN; "*" roles hold them all).
func queryNeeds(perms ...string) entgql.Annotation {
	children := make(ast.ChildValueList, 0, len(perms))
	for _, p := range perms {
		children = append(children, &ast.ChildValue{Value: &ast.Value{Raw: p, Kind: ast.EnumValue}})
	}
	d := entgql.NewDirective("hasPermission", &ast.Argument{
		Name:  "any",
		Value: &ast.Value{Kind: ast.ListValue, Children: children},
	})
	return entgql.QueryField().Directives(d).Annotation
}
