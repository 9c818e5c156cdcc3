// Command gqlrewrite points gqlgen's generated executor at package gqlexec:
//
//	graphql.MarshalSliceConcurrently(ctx, len(v), ...) -> gqlexec.MarshalSlice(ctx, sel, len(v), ...)
//	graphql.NewDeferredGroup(ctx)                      -> gqlexec.DeferredGroup(ctx, fields)
//	return out  (out := graphql.NewFieldSet(fields))   -> return gqlexec.Object(fields, out)
//	graphql.NewScalarFieldContext(...)                 -> gqlexec.ScalarFieldContext(...)
//
// It runs from go generate right after gqlgen (graph/resolver.go), so the
// generated file stays reproducible. It is strict on purpose: a file lacking
// any of the four kinds of call, or a call shaped differently from what gqlgen v0.17.98
// writes, is an error rather than a silent no-op, so a gqlgen upgrade that
// changes the template cannot quietly switch the optimisation off. A file it
// already rewrote is left as it is.
//
//	go run ./internal/gqlexec/cmd/gqlrewrite FILE...
package main

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"os"
	"strconv"
	"strings"

	"golang.org/x/tools/go/ast/astutil"
)

// Import paths of the two packages the rewrite swaps between.
const (
	graphqlPath = "github.com/99designs/gqlgen/graphql"
	gqlexecPath = "github.com/pandac/pandac/internal/gqlexec"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gqlrewrite FILE...")
		os.Exit(2)
	}
	for _, path := range os.Args[1:] {
		if err := rewriteFile(path); err != nil {
			fmt.Fprintf(os.Stderr, "gqlrewrite: %s: %v\n", path, err)
			os.Exit(1)
		}
	}
}

// rewriteFile rewrites path in place, writing only when something changed.
func rewriteFile(path string) error {
	src, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	out, st, err := Rewrite(path, src)
	if err != nil {
		return err
	}
	if bytes.Equal(out, src) {
		return nil
	}
	info, err := os.Stat(path)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, out, info.Mode().Perm()); err != nil {
		return err
	}
	fmt.Printf("gqlrewrite: %s: %d list marshals, %d deferred groups, %d objects and %d scalar field contexts now go through gqlexec\n",
		path, st.slices, st.groups, st.objects, st.scalars)
	return nil
}

// stats counts the calls Rewrite changed.
type stats struct{ slices, groups, objects, scalars int }

// Rewrite returns src with the calls rewritten and gqlexec imported, or an
// error naming the first call it does not understand. src comes back
// unchanged when it was already rewritten.
func Rewrite(filename string, src []byte) ([]byte, stats, error) {
	var st stats
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, filename, src, parser.ParseComments)
	if err != nil {
		return nil, st, err
	}
	graphqlName, ok := importName(file, graphqlPath)
	if !ok {
		return nil, st, fmt.Errorf("does not import %s: not a gqlgen executor", graphqlPath)
	}
	gqlexecName, _ := importName(file, gqlexecPath)

	var errs []error
	fail := func(n ast.Node, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%s: "+format, append([]any{fset.Position(n.Pos())}, args...)...))
	}
	var done stats // calls found already rewritten
	for _, decl := range file.Decls {
		fn, ok := decl.(*ast.FuncDecl)
		if !ok || fn.Body == nil {
			continue
		}
		fieldSet := declaresFieldSet(fn, graphqlName)
		inClosure := closureReturns(fn)
		ast.Inspect(fn.Body, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.ReturnStmt:
				if !fieldSet || len(n.Results) != 1 || inClosure[n] {
					return true
				}
				switch r := n.Results[0].(type) {
				case *ast.Ident:
					if r.Name == "out" {
						n.Results[0] = &ast.CallExpr{Fun: selector("gqlexec", "Object"), Args: []ast.Expr{ast.NewIdent("fields"), ast.NewIdent("out")}}
						st.objects++
					}
				case *ast.CallExpr:
					if gqlexecName != "" && isCall(r, gqlexecName, "Object") {
						done.objects++
					}
				}
			case *ast.CallExpr:
				switch {
				case isCall(n, graphqlName, "MarshalSliceConcurrently"):
					if msg := checkSliceCall(fn, n); msg != "" {
						fail(n, "graphql.MarshalSliceConcurrently %s", msg)
						return true
					}
					n.Fun = selector("gqlexec", "MarshalSlice")
					n.Args = append([]ast.Expr{n.Args[0], ast.NewIdent("sel")}, n.Args[1:]...)
					st.slices++
				case isCall(n, graphqlName, "NewDeferredGroup"):
					fail(n, "graphql.NewDeferredGroup called outside `deferred := graphql.NewDeferredGroup(ctx)`")
				case isCall(n, graphqlName, "NewScalarFieldContext"):
					if len(n.Args) != 5 {
						fail(n, "graphql.NewScalarFieldContext has %d arguments, want 5", len(n.Args))
						return true
					}
					n.Fun = selector("gqlexec", "ScalarFieldContext")
					st.scalars++
				case gqlexecName != "" && isCall(n, gqlexecName, "ScalarFieldContext"):
					done.scalars++
				case gqlexecName != "" && isCall(n, gqlexecName, "MarshalSlice"):
					done.slices++
				}
			case *ast.AssignStmt:
				if len(n.Rhs) != 1 {
					return true
				}
				call, ok := n.Rhs[0].(*ast.CallExpr)
				if !ok {
					return true
				}
				switch {
				case isCall(call, graphqlName, "NewDeferredGroup"):
					if msg := checkGroupCall(fn, n, call, graphqlName); msg != "" {
						fail(call, "graphql.NewDeferredGroup %s", msg)
						return false
					}
					call.Fun = selector("gqlexec", "DeferredGroup")
					call.Args = []ast.Expr{call.Args[0], ast.NewIdent("fields")}
					st.groups++
					return false
				case gqlexecName != "" && isCall(call, gqlexecName, "DeferredGroup"):
					done.groups++
					return false
				}
			}
			return true
		})
	}
	if st.slices+done.slices == 0 {
		errs = append(errs, errors.New("no graphql.MarshalSliceConcurrently(ctx, len(v), ...) call found: has gqlgen's list template changed?"))
	}
	if st.groups+done.groups == 0 {
		errs = append(errs, errors.New("no deferred := graphql.NewDeferredGroup(ctx) found: has gqlgen's object template changed?"))
	}
	if st.scalars+done.scalars == 0 {
		errs = append(errs, errors.New("no graphql.NewScalarFieldContext(...) call found: has gqlgen's field template changed?"))
	}
	if st.objects+done.objects == 0 {
		errs = append(errs, errors.New("no `return out` after out := graphql.NewFieldSet(fields) found: has gqlgen's object template changed?"))
	}
	if len(errs) > 0 {
		return nil, st, errors.Join(errs...)
	}
	if st.slices+st.groups+st.objects+st.scalars == 0 {
		return src, st, nil
	}
	if gqlexecName == "" {
		astutil.AddImport(fset, file, gqlexecPath)
	} else if gqlexecName != "gqlexec" {
		return nil, st, fmt.Errorf("imports %s as %s; the rewrite writes gqlexec", gqlexecPath, gqlexecName)
	}
	var buf bytes.Buffer
	if err := format.Node(&buf, fset, file); err != nil {
		return nil, st, err
	}
	return buf.Bytes(), st, nil
}

// checkSliceCall checks call is gqlgen's list marshal: the shape
//
//	graphql.MarshalSliceConcurrently(ctx, len(v), workerLimit, omitPanicHandler, func(ctx context.Context, i int) graphql.Marshaler {...})
//
// inside a marshal function that has the elements' selection set as sel. It
// returns what is wrong, or "".
func checkSliceCall(fn *ast.FuncDecl, call *ast.CallExpr) string {
	if len(call.Args) != 5 {
		return fmt.Sprintf("has %d arguments, want 5", len(call.Args))
	}
	if !isIdent(call.Args[0], "ctx") {
		return "does not take ctx first"
	}
	if l, ok := call.Args[1].(*ast.CallExpr); !ok || !isIdent(l.Fun, "len") || len(l.Args) != 1 {
		return "does not take len(...) second"
	}
	lit, ok := call.Args[4].(*ast.FuncLit)
	if !ok {
		return "does not take a func literal last"
	}
	if declares(lit.Type.Params, "sel") {
		return "callback shadows sel"
	}
	if !hasSelectionSetParam(fn) {
		return fmt.Sprintf("in %s, which has no parameter sel ast.SelectionSet", fn.Name.Name)
	}
	return ""
}

// checkGroupCall checks call is gqlgen's per-object group, assigned as
// `deferred := graphql.NewDeferredGroup(ctx)` after
// `fields := graphql.CollectFields(...)` in the same function body.
func checkGroupCall(fn *ast.FuncDecl, assign *ast.AssignStmt, call *ast.CallExpr, graphqlName string) string {
	if assign.Tok != token.DEFINE || len(assign.Lhs) != 1 || !isIdent(assign.Lhs[0], "deferred") {
		return "is not assigned as deferred := ..."
	}
	if len(call.Args) != 1 || !isIdent(call.Args[0], "ctx") {
		return "does not take exactly ctx"
	}
	for _, stmt := range fn.Body.List {
		if stmt == assign {
			return fmt.Sprintf("in %s, which does not collect fields := graphql.CollectFields(...) before it", fn.Name.Name)
		}
		if a, ok := stmt.(*ast.AssignStmt); ok && a.Tok == token.DEFINE && len(a.Lhs) == 1 && isIdent(a.Lhs[0], "fields") {
			if c, ok := a.Rhs[0].(*ast.CallExpr); ok && isCall(c, graphqlName, "CollectFields") {
				return ""
			}
		}
	}
	return fmt.Sprintf("in %s is not a top-level statement", fn.Name.Name)
}

// declaresFieldSet reports whether fn's body has the top-level statement
// out := graphql.NewFieldSet(fields), gqlgen's object marshal.
func declaresFieldSet(fn *ast.FuncDecl, graphqlName string) bool {
	for _, stmt := range fn.Body.List {
		a, ok := stmt.(*ast.AssignStmt)
		if !ok || a.Tok != token.DEFINE || len(a.Lhs) != 1 || !isIdent(a.Lhs[0], "out") || len(a.Rhs) != 1 {
			continue
		}
		if c, ok := a.Rhs[0].(*ast.CallExpr); ok && isCall(c, graphqlName, "NewFieldSet") &&
			len(c.Args) == 1 && isIdent(c.Args[0], "fields") {
			return true
		}
	}
	return false
}

// closureReturns lists the return statements of fn's func literals: their
// `return out` returns from the closure, not the object.
func closureReturns(fn *ast.FuncDecl) map[*ast.ReturnStmt]bool {
	out := map[*ast.ReturnStmt]bool{}
	ast.Inspect(fn.Body, func(n ast.Node) bool {
		if lit, ok := n.(*ast.FuncLit); ok {
			ast.Inspect(lit.Body, func(n ast.Node) bool {
				if r, ok := n.(*ast.ReturnStmt); ok {
					out[r] = true
				}
				return true
			})
		}
		return true
	})
	return out
}

// importName is the name file uses for the package at path.
func importName(file *ast.File, path string) (string, bool) {
	for _, imp := range file.Imports {
		if p, err := strconv.Unquote(imp.Path.Value); err != nil || p != path {
			continue
		}
		if imp.Name != nil {
			return imp.Name.Name, true
		}
		return path[strings.LastIndexByte(path, '/')+1:], true
	}
	return "", false
}

// isCall reports whether call is pkg.name(...).
func isCall(call *ast.CallExpr, pkg, name string) bool {
	sel, ok := call.Fun.(*ast.SelectorExpr)
	return ok && isIdent(sel.X, pkg) && sel.Sel.Name == name
}

func isIdent(e ast.Expr, name string) bool {
	id, ok := e.(*ast.Ident)
	return ok && id.Name == name
}

func selector(pkg, name string) *ast.SelectorExpr {
	return &ast.SelectorExpr{X: ast.NewIdent(pkg), Sel: ast.NewIdent(name)}
}

// declares reports whether the field list names name.
func declares(fields *ast.FieldList, name string) bool {
	if fields == nil {
		return false
	}
	for _, f := range fields.List {
		for _, n := range f.Names {
			if n.Name == name {
				return true
			}
		}
	}
	return false
}

// hasSelectionSetParam reports whether fn has a parameter sel ast.SelectionSet.
func hasSelectionSetParam(fn *ast.FuncDecl) bool {
	for _, f := range fn.Type.Params.List {
		t, ok := f.Type.(*ast.SelectorExpr)
		if !ok || !isIdent(t.X, "ast") || t.Sel.Name != "SelectionSet" {
			continue
		}
		for _, n := range f.Names {
			if n.Name == "sel" {
				return true
			}
		}
	}
	return false
}
