package server_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/rest"
	"github.com/pandac/pandac/internal/servertest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/storetest"
)

// openAPI is the part of the reference document the REST sweep reads.
type openAPI struct {
	Paths      map[string]map[string]operation `json:"paths"`
	Components struct {
		Schemas map[string]*jsonSchema `json:"schemas"`
	} `json:"components"`
}

type operation struct {
	Parameters []struct {
		Name   string      `json:"name"`
		In     string      `json:"in"`
		Schema *jsonSchema `json:"schema"`
	} `json:"parameters"`
	RequestBody *struct {
		Content map[string]struct {
			Schema *jsonSchema `json:"schema"`
		} `json:"content"`
	} `json:"requestBody"`
}

type jsonSchema struct {
	Ref        string                 `json:"$ref"`
	Type       string                 `json:"type"`
	Format     string                 `json:"format"`
	Enum       []any                  `json:"enum"`
	Properties map[string]*jsonSchema `json:"properties"`
	Required   []string               `json:"required"`
	Items      *jsonSchema            `json:"items"`
	AnyOf      []*jsonSchema          `json:"anyOf"`
	AllOf      []*jsonSchema          `json:"allOf"`
}

// resolve follows $ref, allOf and the non-null branch of anyOf.
func (d *openAPI) resolve(s *jsonSchema) *jsonSchema {
	for i := 0; s != nil && i < 10; i++ {
		switch {
		case s.Ref != "":
			s = d.Components.Schemas[strings.TrimPrefix(s.Ref, "#/components/schemas/")]
		case len(s.AllOf) > 0:
			s = s.AllOf[0]
		case len(s.AnyOf) > 0:
			next := s.AnyOf[0]
			for _, a := range s.AnyOf {
				if a.Type != "null" {
					next = a
					break
				}
			}
			s = next
		default:
			return s
		}
	}
	return s
}

func (d *openAPI) valid(s *jsonSchema, depth int) any {
	s = d.resolve(s)
	if s == nil {
		return nil
	}
	if len(s.Enum) > 0 {
		return s.Enum[0]
	}
	switch s.Type {
	case "object":
		obj := map[string]any{}
		if depth < 4 {
			for _, r := range s.Required {
				obj[r] = d.valid(s.Properties[r], depth+1)
			}
		}
		return obj
	case "array":
		return []any{d.valid(s.Items, depth+1)}
	case "integer":
		return 1
	case "number":
		return 1.5
	case "boolean":
		return true
	}
	switch s.Format {
	case "uuid":
		return uuid.NewString()
	case "date-time":
		return "2026-01-01T00:00:00Z"
	case "date":
		return "2026-01-01"
	case "email":
		return "sweep@example.com"
	}
	return "sweep"
}

func (d *openAPI) bad(s *jsonSchema) []badValue {
	s = d.resolve(s)
	if s == nil {
		return nil
	}
	if len(s.Enum) > 0 {
		return []badValue{{"unknown enum", "NOT_A_VALUE", false}, {"html enum", "<script>alert(1)</script>", false}}
	}
	switch s.Type {
	case "object":
		return []badValue{{"string for object", "'; DROP TABLE products; --", false}}
	case "array":
		return []badValue{{"string for array", "x", false}, {"array of garbage", []any{"<b>", 1e30}, false}}
	case "integer":
		return []badValue{{"negative int", -1, true}, {"zero int", 0, true}, {"huge int", json.Number("1e30"), false}, {"2^63", json.Number("9223372036854775808"), false}, {"fraction", 2.5, false}, {"text int", "twelve", false}}
	case "number":
		return []badValue{{"negative number", -1, true}, {"zero number", 0, true}, {"huge number", json.Number("1e30"), false}, {"20 digits", json.Number("99999999999999999999.99"), false}, {"text number", "abc", false}}
	case "boolean":
		return []badValue{{"text bool", "maybe", false}}
	}
	switch s.Format {
	case "uuid":
		return []badValue{{"invalid uuid", "not-a-uuid", false}, {"sql uuid", "1' OR '1'='1", false}, {"unknown uuid", uuid.NewString(), false}}
	case "date-time", "date":
		return []badValue{{"text date", "yesterday", false}, {"number date", 1e12, false}}
	}
	return []badValue{{"overlong string", overlong, false}, {"number for string", 42, true}, {"object for string", map[string]any{"a": 1}, false}}
}

// TestRESTBadInputSweep sends malformed input to every operation of the
// reference REST document: bad path ids, bad query values, malformed JSON,
// and a bad value in each body field. Every answer must be a 4xx in FastAPI's
// {"detail": ...} shape (never 5xx, never driver text), and a refused request
// must write nothing.
func TestRESTBadInputSweep(t *testing.T) {
	var doc openAPI
	if err := json.Unmarshal(rest.Reference(), &doc); err != nil {
		t.Fatal(err)
	}
	storetest.Each(t, func(t *testing.T, db *store.DB) {
		env := servertest.New(t, db)
		ctx := context.Background()
		if _, err := env.Auth.ProvisionUser(ctx, auth.NewUser{Username: "restsweep", Password: "restsweep-password", Role: "admin"}); err != nil {
			t.Fatal(err)
		}
		var token string
		var counts map[string]int64
		signIn := func() {
			toks, _, err := env.Auth.Login(ctx, "restsweep", "restsweep-password", "192.0.2.2")
			if err != nil {
				t.Fatal(err)
			}
			token = toks.AccessToken
			if counts != nil {
				counts = rowCounts(t, db)
			}
		}
		signIn()
		counts = rowCounts(t, db)

		var sent, fiveXX, accepted int
		var problems []string
		statuses := map[int]int{}
		send := func(label, method, path string, body []byte, mayPass, public bool) {
			sent++
			req, _ := http.NewRequest(method, env.Server.URL+path, bytes.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatalf("%s: %v", label, err)
			}
			answer, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			statuses[resp.StatusCode]++
			after := rowCounts(t, db)
			d := diffCounts(counts, after)
			counts = after
			switch {
			case resp.StatusCode >= 500:
				fiveXX++
				problems = append(problems, fmt.Sprintf("%s: %d %.200s", label, resp.StatusCode, answer))
				return
			case resp.StatusCode == http.StatusNotFound && !bytes.Contains(answer, []byte(`"detail"`)):
				problems = append(problems, fmt.Sprintf("%s: route not served (%.100s)", label, answer))
				return
			case (resp.StatusCode == http.StatusUnauthorized && !public) || resp.StatusCode == http.StatusForbidden:
				problems = append(problems, fmt.Sprintf("%s: refused as %d, so the input was never looked at: %.200s", label, resp.StatusCode, answer))
				return
			}
			for _, m := range leakMarkers {
				if bytes.Contains(answer, []byte(m)) {
					problems = append(problems, fmt.Sprintf("%s: answer leaks %q: %.300s", label, m, answer))
					return
				}
			}
			if resp.StatusCode < 300 {
				accepted++
				if !mayPass && d != "" && method != http.MethodGet {
					problems = append(problems, fmt.Sprintf("%s: accepted and stored (%s)", label, d))
				}
				return
			}
			if d != "" {
				problems = append(problems, fmt.Sprintf("%s: refused with %d but wrote rows: %s", label, resp.StatusCode, d))
			}
			var shape struct {
				Detail json.RawMessage `json:"detail"`
			}
			if json.Unmarshal(answer, &shape) != nil || len(shape.Detail) == 0 {
				problems = append(problems, fmt.Sprintf("%s: %d answer is not {\"detail\": ...}: %.200s", label, resp.StatusCode, answer))
			}
		}

		paths := make([]string, 0, len(doc.Paths))
		for p := range doc.Paths {
			paths = append(paths, p)
		}
		sort.Strings(paths)
		// Logging out revokes the sweeper's token: do those last.
		sort.SliceStable(paths, func(i, j int) bool {
			return !strings.Contains(paths[i], "logout") && strings.Contains(paths[j], "logout")
		})
		for _, p := range paths {
			methods := make([]string, 0, len(doc.Paths[p]))
			for m := range doc.Paths[p] {
				methods = append(methods, m)
			}
			sort.Strings(methods)
			for _, m := range methods {
				op := doc.Paths[p][m]
				method := strings.ToUpper(m)
				public := strings.HasPrefix(p, "/v1/auth/")
				fill := func(bad map[string]string) string {
					path := p
					q := url.Values{}
					for _, prm := range op.Parameters {
						v, isBad := bad[prm.Name]
						if !isBad {
							v = fmt.Sprint(doc.valid(prm.Schema, 0))
						}
						switch prm.In {
						case "path":
							path = strings.ReplaceAll(path, "{"+prm.Name+"}", url.PathEscape(v))
						case "query":
							if isBad {
								q.Set(prm.Name, v)
							}
						}
					}
					if len(q) > 0 {
						path += "?" + q.Encode()
					}
					return path
				}
				var base any
				var bodySchema *jsonSchema
				if op.RequestBody != nil {
					if c, ok := op.RequestBody.Content["application/json"]; ok {
						bodySchema = c.Schema
						base = doc.valid(bodySchema, 0)
					}
				}
				baseBody, _ := json.Marshal(base)
				if base == nil {
					baseBody = nil
				}
				for _, prm := range op.Parameters {
					for _, bv := range doc.bad(prm.Schema) {
						if _, isMap := bv.value.(map[string]any); isMap {
							continue
						}
						if s, ok := bv.value.(string); ok && s == overlong && prm.In == "path" {
							continue
						}
						send(fmt.Sprintf("%s %s %s=%s", method, p, prm.Name, bv.label), method, fill(map[string]string{prm.Name: fmt.Sprint(bv.value)}), baseBody, bv.mayPass || method == http.MethodGet, public)
						if strings.Contains(p, "logout") {
							signIn()
						}
					}
				}
				if bodySchema == nil {
					continue
				}
				path := fill(nil)
				for label, body := range map[string]string{"malformed json": `{"name": `, "array body": `[]`, "empty body": ``, "null body": `null`} {
					send(fmt.Sprintf("%s %s %s", method, p, label), method, path, []byte(body), false, public)
					if strings.Contains(p, "logout") {
						signIn()
					}
				}
				obj := doc.resolve(bodySchema)
				if obj == nil {
					continue
				}
				props := make([]string, 0, len(obj.Properties))
				for name := range obj.Properties {
					props = append(props, name)
				}
				sort.Strings(props)
				for _, name := range props {
					for _, bv := range doc.bad(obj.Properties[name]) {
						vars := clone(base).(map[string]any)
						vars[name] = bv.value
						b, _ := json.Marshal(vars)
						send(fmt.Sprintf("%s %s body.%s=%s", method, p, name, bv.label), method, path, b, bv.mayPass || strings.Contains(p, "logout"), public)
						if strings.Contains(p, "logout") {
							signIn()
						}
					}
				}
			}
		}
		t.Logf("REST bad-input sweep (%s): %d requests sent, %d answered 5xx, %d accepted, %d problems; statuses %v", db.Dialect, sent, fiveXX, accepted, len(problems), statuses)
		if path := os.Getenv("PANDAC_SWEEP_REPORT"); path != "" {
			_ = os.WriteFile(path+".rest", []byte(strings.Join(problems, "\n")), 0o644)
		}
		for i, p := range problems {
			if i == 40 {
				t.Errorf("... and %d more", len(problems)-40)
				break
			}
			t.Error(p)
		}
	})
}
