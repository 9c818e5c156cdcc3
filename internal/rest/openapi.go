package rest

import (
	"bytes"
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
//go:embed openapi/pandac-v1-openapi.json
var reference []byte

// Reference returns the OpenAPI document of the documented FastAPI system
// the shim keeps (openapi/pandac-v1-openapi.json), as committed: the served
// document is built from it and the routes, and tests check the routes and
// sweep the operations against it.
func Reference() []byte { return bytes.Clone(reference) }

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
		for k, v := range addedOperations[rt.OperationID] {
			op[k] = v
		}
		op["operationId"] = rt.OperationID
		rule := rt.Rule()
		if rule.Public {
			delete(op, "security")
		} else {
			op["security"] = []any{map[string]any{"HTTPBearer": []any{}}}
			if perms := rule.AnyOf.Permissions(); len(perms) > 0 {
				// Any one of these lets the caller in.
				op["x-permissions"] = perms
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
		if !rule.Public {
			responses["401"] = map[string]any{"description": "Not authenticated"}
			responses["403"] = map[string]any{"description": "Not permitted"}
		}
		if csvOperations[rt.OperationID] {
			documentCSV(op, responses, code)
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

func queryParam(name string, required bool, format, description string) map[string]any {
	schema := map[string]any{"type": "string"}
	if format != "" {
		schema["format"] = format
	}
	return map[string]any{"name": name, "in": "query", "required": required, "description": description, "schema": schema}
}

func itoa(n int) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// csvOperations are the report routes that also answer CSV (their handlers
// return an export). TestReportsAsCSV checks this set against the routes
// that do.
var csvOperations = map[string]bool{
	"get_sales_report_v1_reports_sales_get":                            true,
	"get_daily_sales_report_v1_reports_sales_daily_get":                true,
	"get_period_sales_report_v1_reports_sales_period_get":              true,
	"get_inventory_stock_report_v1_reports_inventory_stock_levels_get": true,
	"get_customer_loyalty_report_v1_reports_customers_loyalty_get":     true,
	"get_profit_loss_report_v1_reports_financial_profit_loss_get":      true,
	"get_revenue_analytics_v1_sales_analytics_revenue_get":             true,
	"get_top_products_analytics_v1_sales_analytics_top_products_get":   true,
	"get_daily_sales_summary_v1_sales_daily_summary__date__get":        true,
	"get_stock_levels_v1_inventory_stock_levels__get":                  true,
	"get_sales_analytics_v1_analytics_get":                             true,
}

// documentCSV adds the format parameter and the text/csv answer to a report
// operation.
func documentCSV(op, responses map[string]any, code string) {
	params, _ := op["parameters"].([]any)
	op["parameters"] = append(append([]any{}, params...), map[string]any{
		"name": "format", "in": "query", "required": false,
		"description": "csv for a CSV file (as Accept: text/csv); json, the default, otherwise",
		"schema":      map[string]any{"type": "string", "enum": []any{formatJSON, formatCSV}, "default": formatJSON},
	})
	ok := map[string]any{}
	if r, isMap := responses[code].(map[string]any); isMap {
		for k, v := range r {
			ok[k] = v
		}
	}
	content := map[string]any{}
	if c, isMap := ok["content"].(map[string]any); isMap {
		for k, v := range c {
			content[k] = v
		}
	}
	content["text/csv"] = map[string]any{"schema": map[string]any{"type": "string"}}
	ok["content"] = content
	responses[code] = ok
	if _, has := responses["422"]; !has {
		responses["422"] = validationResponse
	}
}

var validationResponse = map[string]any{
	"description": "Validation Error",
	"content":     map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/HTTPValidationError"}}},
}

// analyticsDescription says what /v1/analytics answers; the measures and
// dimensions are documented in analytics.graphqls.
const analyticsDescription = "salesAnalytics (see the GraphQL schema, analytics.graphqls, for every dimension and measure): " +
	"counted sales of [from, to) grouped by 0-2 dimensions, one SQL statement. JSON: {dimensions, measures, rows: [{keys: {DAY: label}, values: {NET: \"12.34\"}}], totals}; " +
	"CSV (Accept: text/csv): a header of dimension then measure names. At most 10,000 rows; past that 422 unless limit is set."

// addedOperations document the routes the shim adds to the reference API.
var addedOperations = map[string]map[string]any{
	"get_sales_analytics_v1_analytics_get": {
		"tags": []any{"Reports"}, "summary": "Sales Analytics", "description": analyticsDescription,
		"parameters": []any{
			queryParam("from", true, "date-time", "Start of the range (inclusive)"),
			queryParam("to", true, "date-time", "End of the range (exclusive)"),
			queryParam("timezone", false, "", "IANA zone; default the store's"),
			queryParam("groupBy", false, "", "0-2 dimensions, comma-separated: DAY,CATEGORY"),
			queryParam("measures", true, "", "Measures, comma-separated: NET,UNITS"),
			queryParam("orderBy", false, "", "NAME[:asc|desc], comma-separated"),
			queryParam("limit", false, "", "At most 10,000; cuts the answer silently when given"),
			queryParam("withTotals", false, "", "true for the totals"),
		},
		"responses": map[string]any{"200": map[string]any{"description": "The grouped figures"}, "422": validationResponse},
	},
	"post_sales_analytics_v1_analytics_post": {
		"tags": []any{"Reports"}, "summary": "Sales Analytics", "description": analyticsDescription + " The body is SalesAnalyticsInput as JSON, without filter (GraphQL only).",
		"requestBody": map[string]any{"required": true, "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"type": "object"}}}},
		"responses":   map[string]any{"200": map[string]any{"description": "The grouped figures"}, "422": validationResponse},
	},
	"get_sale_receipt_v1_sales__sale_id__receipt_get": {
		"tags":        []any{"Sales"},
		"summary":     "Get Sale Receipt",
		"description": "The sale as a plain-text receipt, ready to print.",
		"parameters": []any{map[string]any{
			"name": "sale_id", "in": "path", "required": true,
			"schema": map[string]any{"type": "string", "format": "uuid", "title": "Sale Id"},
		}},
		"responses": map[string]any{
			"200": map[string]any{"description": "The receipt", "content": map[string]any{"text/plain": map[string]any{"schema": map[string]any{"type": "string"}}}},
			"404": map[string]any{"description": "No such sale"},
			"422": validationResponse,
		},
	},
}
