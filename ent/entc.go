//go:build ignore

// entc generates the ent client and the entgql GraphQL schema from ent/schema.
package main

import (
	"log"

	"entgo.io/contrib/entgql"
	"entgo.io/ent/entc"
	"entgo.io/ent/entc/gen"

	aggregategen "github.com/pandac/pandac/internal/aggregate/gen"
)

// templates are entgql's, with the mutation-input template replaced by
// template/mutation_input.tmpl, whose Append<Field> inputs append what the
// client sent (upstream appends the Set<Field> value instead), and the
// collection template by template/collection.tmpl, which loads list edges in
// id order, and the pagination template by template/pagination.tmpl, which
// finds a connection's fields by name whatever their alias.
func templates() []*gen.Template {
	fixed := gen.MustParse(gen.NewTemplate("gql_mutation_input").
		Funcs(entgql.TemplateFuncs).ParseFiles("template/mutation_input.tmpl"))
	collection := gen.MustParse(gen.NewTemplate("gql_collection").
		Funcs(entgql.TemplateFuncs).ParseFiles("template/collection.tmpl"))
	pagination := gen.MustParse(gen.NewTemplate("gql_pagination").
		Funcs(entgql.TemplateFuncs).ParseFiles("template/pagination.tmpl"))
	out := make([]*gen.Template, 0, len(entgql.AllTemplates))
	for _, t := range entgql.AllTemplates {
		switch t {
		case entgql.MutationInputTemplate:
			t = fixed
		case entgql.CollectionTemplate:
			t = collection
		case entgql.PaginationTemplate:
			t = pagination
		}
		out = append(out, t)
	}
	return out
}

// compileTemplate writes what the GraphQL read compiler needs of every type
// (ent/gql_compile.go): columns, edges, and connection pages as SQL.
func compileTemplate() *gen.Template {
	return gen.MustParse(gen.NewTemplate("gql_compile").
		Funcs(entgql.TemplateFuncs).ParseFiles("template/compile.tmpl"))
}

// aggregateTemplate writes the Go side of every connection's aggregate field
// (ent/gql_aggregate.go); aggregategen.SchemaHook writes the GraphQL side.
func aggregateTemplate() *gen.Template {
	return gen.MustParse(gen.NewTemplate("gql_aggregate").
		Funcs(entgql.TemplateFuncs).Funcs(aggregategen.Funcs).ParseFiles("template/aggregate.tmpl"))
}

// dialect.tmpl adds Client.Dialect and Tx.Dialect: the driver's SQL dialect,
// for the statements internal/pos writes by hand.

func main() {
	ex, err := entgql.NewExtension(
		// First: it replaces the template list the options below add to.
		entgql.WithTemplates(append(templates(), aggregateTemplate(), compileTemplate())...),
		entgql.WithSchemaGenerator(),
		entgql.WithSchemaPath("../ent.graphqls"),
		entgql.WithConfigPath("../gqlgen.yml"),
		entgql.WithWhereInputs(true),
		entgql.WithRelaySpec(true),
		entgql.WithSchemaHook(aggregategen.SchemaHook),
	)
	if err != nil {
		log.Fatalf("creating entgql extension: %v", err)
	}
	opts := []entc.Option{
		entc.Extensions(ex),
		entc.TemplateFiles("template/dialect.tmpl", "template/create_values.tmpl"),
		entc.FeatureNames("sql/upsert", "sql/lock", "sql/modifier", "sql/execquery", "sql/versioned-migration", "intercept"),
	}
	if err := entc.Generate("./schema", &gen.Config{}, opts...); err != nil {
		log.Fatalf("running ent codegen: %v", err)
	}
}
