package rest

import (
	_ "embed"
	"encoding/json"
	"net/http"
	"strings"
	"sync"
)

// reference is the documented API the shim keeps. Its schemas, parameters
// and descriptions are reused in the served document; the paths come from
// the route table.
//
//go:embed testdata/pandac-v1-openapi.json
var reference []byte

var (
	openapiOnce sync.Once
	openapiDoc  map[string]any
)

// OpenAPI returns the shim's OpenAPI 3 document. Its paths are the route
// table: each documented operation keeps its reference description, with
// security and success status taken from the route, so the document is
// exactly what is served.
func OpenAPI() map[string]any {
	openapiOnce.Do(func() { openapiDoc = buildOpenAPI() })
	return openapiDoc
}

func buildOpenAPI() map[string]any {
	var ref struct {
		OpenAPI    string                               `json:"openapi"`
		Info       map[string]any                       `json:"info"`
		Paths      map[string]map[string]map[string]any `json:"paths"`
		Components map[string]any                       `json:"components"`
	}
	if err := json.Unmarshal(reference, &ref); err != nil {
		panic("rest: embedded reference OpenAPI document is invalid: " + err.Error())
	}
	paths := map[string]map[string]any{}
	add := func(method, path string, op map[string]any) {
		if paths[path] == nil {
			paths[path] = map[string]any{}
		}
		paths[path][strings.ToLower(method)] = op
	}
	for _, rt := range Routes() {
		op := map[string]any{}
		if refOp, ok := ref.Paths[rt.Path][strings.ToLower(rt.Method)]; ok {
			for k, v := range refOp {
				op[k] = v
			}
		}
		op["operationId"] = rt.OperationID
		if rt.Public {
			delete(op, "security")
		} else {
			op["security"] = []any{map[string]any{"HTTPBearer": []any{}}}
			if len(rt.Perms) > 0 {
				// Any one of these lets the caller in.
				op["x-permissions"] = rt.Perms
			}
		}
		responses := map[string]any{}
		if r, ok := op["responses"].(map[string]any); ok {
			for k, v := range r {
				responses[k] = v
			}
		}
		status := http.StatusText(rt.Status)
		code := itoa(rt.Status)
		if _, ok := responses[code]; !ok {
			responses[code] = map[string]any{"description": status}
		}
		if !rt.Public {
			responses["401"] = map[string]any{"description": "Not authenticated"}
			responses["403"] = map[string]any{"description": "Not permitted"}
		}
		op["responses"] = responses
		add(rt.Method, rt.Path, op)
	}
	add("GET", Prefix+"/openapi.json", map[string]any{
		"summary":     "OpenAPI document",
		"operationId": "openapi_v1_openapi_json_get",
		"responses":   map[string]any{"200": map[string]any{"description": "This document"}},
	})
	// The server answers these beside the shim; keep them documented.
	for _, p := range []string{"/", "/health"} {
		if op, ok := ref.Paths[p]["get"]; ok {
			add("GET", p, op)
		}
	}
	info := ref.Info
	if info == nil {
		info = map[string]any{}
	}
	return map[string]any{
		"openapi":    ref.OpenAPI,
		"info":       info,
		"paths":      paths,
		"components": ref.Components,
	}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}
