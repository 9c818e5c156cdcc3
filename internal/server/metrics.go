package server

import (
	"context"
	"crypto/subtle"
	"database/sql"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/pandac/pandac/internal/store"
)

// Metrics holds the Prometheus collectors of one server.
type Metrics struct {
	registry  *prometheus.Registry
	requests  *prometheus.CounterVec
	latency   *prometheus.HistogramVec
	graphqlOp *prometheus.CounterVec
	gqlErrors *prometheus.CounterVec
	// rootFields counts the root fields of queries by how they were
	// answered: compiled to one statement, or by the resolvers.
	rootFields *prometheus.CounterVec
	// compiledFields and resolvedFields are its two series, looked up once.
	compiledFields, resolvedFields prometheus.Counter
	domain                         *domainMetrics
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
		rootFields: prometheus.NewCounterVec(prometheus.CounterOpts{
			Name: "pandac_graphql_query_root_fields_total", Help: "Root fields of GraphQL queries by how they were answered: compiled (one SQL statement) or resolved (field by field).",
		}, []string{"answer"}),
	}
	m.registry.MustRegister(m.requests, m.latency, m.graphqlOp, m.gqlErrors, m.rootFields,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	m.compiledFields = m.rootFields.WithLabelValues("compiled")
	m.resolvedFields = m.rootFields.WithLabelValues("resolved")
	m.domain = newDomainMetrics(m.registry)
	if db != nil {
		m.registry.MustRegister(collectors.NewDBStatsCollector(db, "pandac"))
	}
	return m
}

// RootFieldAnswered counts one root field of a query, compiled or resolved.
func (m *Metrics) RootFieldAnswered(compiled bool) {
	if compiled {
		m.compiledFields.Inc()
	} else {
		m.resolvedFields.Inc()
	}
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

// metricsOnMainListener is /metrics on the public listener: with a token
// configured, only for callers presenting it (`Authorization: Bearer
// <token>`, compared in constant time, so response timing does not reveal
// how much of a guess was right); without one, 404, as if there were no such
// path. Metrics name routes, operations, pool sizes and business counters:
// nothing an anonymous caller should read.
func metricsOnMainListener(token string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if token == "" {
			writeJSON(w, http.StatusNotFound, map[string]string{"detail": "not found"})
			return
		}
		got, ok := bearer(r.Header.Get("Authorization"))
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(token)) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="metrics"`)
			writeJSON(w, http.StatusUnauthorized, map[string]string{"detail": "metrics need the bearer token configured in PANDAC_METRICS_TOKEN"})
			return
		}
		h.ServeHTTP(w, r)
	})
}

// withMetricsRoute answers /metrics with metrics and everything else with
// next. The scrape stays outside the API's middleware: a metrics token is no
// user token for authenticate to look up, and a scrape must work while the
// database (which authentication reads) is away.
// The result is a chi router, so callers can still walk every route; mws
// run on every request, /metrics included (the tracing's route naming).
func withMetricsRoute(next chi.Router, metrics http.Handler, mws ...func(http.Handler) http.Handler) chi.Router {
	root := chi.NewRouter()
	root.Use(mws...)
	root.Handle("/metrics", metrics)
	root.Mount("/", next)
	return root
}

// StartMetrics serves m's /metrics, without a token, on its own listener at
// addr (PANDAC_METRICS_ADDR), for a scraper on loopback or a private network
// that the public listener's callers cannot reach. It returns the address
// listened on (addr may name port 0) and a function that stops the listener.
func StartMetrics(addr string, m *Metrics, log *slog.Logger) (string, func(context.Context) error, error) {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return "", nil, fmt.Errorf("metrics listener (PANDAC_METRICS_ADDR): %w", err)
	}
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", m.Handler())
	srv := &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second, WriteTimeout: 30 * time.Second}
	go func() {
		if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
			log.Error("metrics server stopped", "err", err)
		}
	}()
	log.Info("metrics listening", "addr", ln.Addr().String())
	return ln.Addr().String(), srv.Shutdown, nil
}

// ObserveReplica adds the read replica to the metrics, from its last check:
// pandac_db_read_replica_up (0 while reports read from the primary instead),
// pandac_db_read_replica_lag_seconds (replay lag; -1 when unknown) and the
// replica pool's statistics (go_sql_* with db_name="pandac_read"). Alerting
// on the lag is how an operator learns reports have gone stale before a
// user does. Observing the same metrics twice is a no-op.
func (m *Metrics) ObserveReplica(r *store.Replica) {
	for _, c := range []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pandac_db_read_replica_up", Help: "1 while reports read from the read replica, 0 while it is unreachable and they read from the primary.",
		}, func() float64 {
			if r.Status().Up {
				return 1
			}
			return 0
		}),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "pandac_db_read_replica_lag_seconds", Help: "Replay lag of the read replica at its last check (-1 when unknown).",
		}, func() float64 {
			if l := r.Status().Lag; l >= 0 {
				return l.Seconds()
			}
			return -1
		}),
		collectors.NewDBStatsCollector(r.SQL, "pandac_read"),
	} {
		if err := m.registry.Register(c); err != nil {
			var already prometheus.AlreadyRegisteredError
			if !errors.As(err, &already) {
				panic(err)
			}
		}
	}
}
