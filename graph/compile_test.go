package graph

import (
	"strings"
	"testing"

	"github.com/pandac/pandac/ent"
)

// TestCompiledConnections: every connection the compiler answers is a root
// connection of an ent type it knows, and settings, whose resolver filters
// rows, is not one of them.
func TestCompiledConnections(t *testing.T) {
	schema := NewExecutableSchema(Config{Resolvers: &Resolver{}}).Schema()
	for name := range connectionArgs {
		f := schema.Query.Fields.ForName(name)
		if f == nil {
			t.Errorf("%s is not a root field", name)
			continue
		}
		conn := f.Type.Name()
		if !strings.HasSuffix(conn, "Connection") || ent.CompiledTypes[strings.TrimSuffix(conn, "Connection")] == nil {
			t.Errorf("%s returns %s, not a connection of a compiled ent type", name, conn)
		}
	}
	if _, ok := connectionArgs["settings"]; ok {
		t.Error("settings is compiled, but its resolver hides secret settings from non-admins")
	}
}
