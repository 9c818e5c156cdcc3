package server

import (
	"context"
	"database/sql"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the Prometheus collectors of one server.
type Metrics struct {
	registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	graphqlOp *prometheus.CounterVec
	gqlErrors *prometheus.CounterVec
	domain    *domainMetrics
}

// NewMetrics registers the HTTP, GraphQL, Go runtime and database pool
// collectors on a fresh registry (one per server, so tests can run many).
func NewMetrics(db *sql.DB) *Metrics {
	m := &Metrics{
		registry: prometheus.NewRegistry(),
		requests: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pandac_http_requests_total", Help: "HTTP requests by route pattern, method and status.",
		}, []string{"route", "method", "status"}),
		latency: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name: "pandac_http_request_duration_seconds", Help: "HTTP request latency by route pattern.",
			Buckets: []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5},
		}, []string{"route", "method"}),
		graphqlOp: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pandac_graphql_operations_total", Help: "GraphQL operations by type and name.",
		}, []string{"type", "name"}),
		gqlErrors: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pandac_graphql_errors_total", Help: "GraphQL responses carrying errors, by operation name.",
		}, []string{"name"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.graphqlOp, m.gqlErrors,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.domain = newDomainMetrics(m.registry)
	if db != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, "pandac"))
	}
	return m
}

// Registry returns the registry, for collectors registered elsewhere.
func (m *Metrics) Registry() *prometheus.Registry { return m.registry }

// Handler serves /metrics.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{})
}

// Middleware counts requests by the route pattern (not the raw path, which
// would give every id its own series).
func (m *Metrics) Middleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		start := time.Now()
		next.ServeHTTP(ww, r)
		route := "unmatched"
		if rc := chi.RouteContext(r.Context()); rc != nil && rc.RoutePattern() != "" {
			route = rc.RoutePattern()
		}
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		m.requests.WithLabelValues(route, r.Method, strconv.Itoa(status)).Inc()
		m.latency.WithLabelValues(route, r.Method).Observe(time.Since(start).Seconds())
	})
}

// graphqlMetrics is a gqlgen extension counting operations and errors.
type graphqlMetrics struct{ m *Metrics }

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = graphqlMetrics{}

// ExtensionName implements graphql.HandlerExtension.
func (graphqlMetrics) ExtensionName() string { return "PandacMetrics" }

// Validate implements graphql.HandlerExtension.
func (graphqlMetrics) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse counts the operation and whether it failed.
func (g graphqlMetrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	resp := next(ctx)
	if !graphql.HasOperationContext(ctx) {
		return resp
	}
	oc := graphql.GetOperationContext(ctx)
	name := oc.OperationName
	if name == "" {
		name = "anonymous"
	}
	typ := "unknown"
	if oc.Operation != nil {
		typ = string(oc.Operation.Operation)
	}
	g.m.graphqlOp.WithLabelValues(typ, name).Inc()
	if resp != nil && len(resp.Errors) > 0 {
		g.m.gqlErrors.WithLabelValues(name).Inc()
	}
	return resp
}
