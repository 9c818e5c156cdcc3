// Package server assembles the HTTP side of Pandac: router, middleware
// (request id, logging, recovery, CORS, body limits, metrics), the GraphQL
// endpoint and playground, health checks and graceful shutdown.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"
	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"
	"github.com/go-chi/cors"
	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/gqlerror"
	"go.opentelemetry.io/otel/trace"

	"github.com/pandac/pandac/graph"
	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/fault"
	"github.com/pandac/pandac/internal/loader"
	"github.com/pandac/pandac/internal/money"
	"github.com/pandac/pandac/internal/pos"
	"github.com/pandac/pandac/internal/rest"
	"github.com/pandac/pandac/internal/store"
	"github.com/pandac/pandac/internal/telemetry"
	"github.com/pandac/pandac/internal/web"
)

// Version is the server version reported at /.
var Version = "dev"

// MaxBodyBytes bounds request bodies.
const MaxBodyBytes = 1 << 20

// Deps are the services the HTTP layer serves.
type Deps struct {
	Config config.Config
	DB     *store.DB
	POS    *pos.Service
	Auth   *auth.Service
	Logger *slog.Logger
	// Events feeds GraphQL subscriptions (an *events.Bus, also set as the
	// POS publisher); nil leaves subscriptions unavailable.
	Events graph.EventSource
	// Metrics collects the Prometheus metrics; nil makes New create them.
	// Set it to serve the same metrics on PANDAC_METRICS_ADDR too.
	Metrics *Metrics
	// Tracer, when set, traces each request, GraphQL operation and (with
	// the store opened with telemetry.WrapDriver on the same provider)
	// SQL statement; nil installs no instrumentation at all.
	Tracer trace.TracerProvider
	// BatchWindow is how long a request's dataloaders gather keys before
	// they fetch; zero keeps the loader's default (1 ms).
	BatchWindow time.Duration
}

// New returns the root handler.
func New(d Deps) http.Handler {
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	metrics := d.Metrics
	if metrics == nil {
		metrics = NewMetrics(d.DB.SQL)
	}
	if d.POS != nil {
		d.POS.Observe(metrics.domain)
	}
	if d.DB.Replica != nil {
		metrics.ObserveReplica(d.DB.Replica)
	}
	r := chi.NewRouter()
	r.Use(metrics.Middleware, clientIP(d.Config.TrustedProxies))
	r.Use(middleware.RequestID, requestLogger(d.Logger), recoverer(d.Logger))
	r.Use(rateLimit(d.Config.RateLimit, d.Config.RateLimitWindow), requestDeadline(d.Config.RequestTimeout))
	r.Use(securityHeaders)
	if len(d.Config.CORSOrigins) > 0 {
		r.Use(cors.Handler(cors.Options{
			AllowedOrigins:   d.Config.CORSOrigins,
			AllowedMethods:   []string{"GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"},
			AllowedHeaders:   []string{"Authorization", "Content-Type", "Idempotency-Key"},
			AllowCredentials: true,
			MaxAge:           600,
		}))
	}
	r.Use(limitBody(MaxBodyBytes))
	r.Use(authenticate(d.Auth), noteUser, deadlineGuard)

	links := map[string]string{
		"graphql": "/graphql", "playground": "/playground", "health": "/health",
		"ready": "/ready", "rest": "/v1",
		"dashboard": "/dashboard", "docs": "/docs", "openapi": "/v1/openapi.json",
	}
	if d.Config.MetricsToken != "" {
		links["metrics"] = "/metrics"
	}
	r.Get("/", func(w http.ResponseWriter, _ *http.Request) {
		writeJSON(w, http.StatusOK, map[string]any{"name": "Pandac POS", "version": Version, "links": links})
	})
	r.Get("/health", func(w http.ResponseWriter, _ *http.Request) {
		out := map[string]any{"status": "healthy"}
		addReplicaStatus(out, d.DB.Replica)
		writeJSON(w, http.StatusOK, out)
	})
	r.Get("/ready", func(w http.ResponseWriter, req *http.Request) {
		ctx, cancel := context.WithTimeout(req.Context(), 2*time.Second)
		defer cancel()
		if err := d.DB.Ping(ctx); err != nil {
			d.Logger.Warn("readiness check failed", "err", err)
			writeJSON(w, http.StatusServiceUnavailable, map[string]string{"status": "unavailable", "database": "unreachable"})
			return
		}
		out := map[string]any{"status": "ready", "database": d.DB.Dialect}
		addReplicaStatus(out, d.DB.Replica)
		writeJSON(w, http.StatusOK, out)
	})

	gql := NewGraphQL(d, metrics)
	r.With(queueLargeBodies, loader.Middleware(loader.ServiceSource(d.POS), d.BatchWindow)).Handle("/graphql", gql)
	for path, h := range map[string]http.Handler{"/playground": web.Playground(), "/dashboard": web.Dashboard(), "/docs": web.Docs()} {
		r.Handle(path, h)
		r.Handle(path+"/*", h)
	}
	r.Mount(rest.Prefix, rest.New(rest.Deps{POS: d.POS, Auth: d.Auth, Logger: d.Logger, OnStockOut: metrics.StockOut}))
	if d.Tracer == nil {
		return withMetricsRoute(r, securityHeaders(metricsOnMainListener(d.Config.MetricsToken, metrics.Handler())))
	}
	// otelhttp outermost, so the request's span covers all the middleware.
	return telemetry.HTTP(withMetricsRoute(r, securityHeaders(metricsOnMainListener(d.Config.MetricsToken, metrics.Handler())), telemetry.RouteName), d.Tracer)
}

// NewGraphQL returns the GraphQL endpoint.
func NewGraphQL(d Deps, metrics *Metrics) http.Handler {
	es := graph.NewExecutableSchema(graph.Config{
		Resolvers: &graph.Resolver{Client: d.DB.Client, POS: d.POS, Auth: d.Auth, Events: d.Events},
	})
	srv := handler.New(es)
	srv.AroundFields(graph.Authorize(es.Schema()))
	if !d.Config.ReadCompilerOff {
		rc := graph.NewReadCompiler(es, d.DB.Client)
		rc.OnError = func(ctx context.Context, err error) {
			d.Logger.Warn("compiled read failed; answered field by field", "error", err, "path", graphql.GetPath(ctx))
		}
		if metrics != nil {
			rc.OnAnswer = metrics.RootFieldAnswered
		}
		srv.Use(rc)
	}
	srv.AddTransport(transport.Websocket{KeepAlivePingInterval: 10 * time.Second, InitFunc: websocketInit(d.Auth)})
	srv.AddTransport(transport.Options{})
	srv.AddTransport(transport.GET{})
	srv.AddTransport(transport.POST{})
	parsed := NewParsedQueryCache()
	srv.SetQueryCache(parsed)
	// Limits in the order a request meets them: the body cap (limitBody), the
	// parser's token cap (and documentGuard's bound on repeated selections,
	// which validation prices quadratically), at most MaxErrors errors out of
	// validation (and out of any answer, errorCap), then depth, cost and root fields
	// (QueryLimits) and the argument bounds, all before a resolver runs.
	// gqlgen's default is no token limit at all, which let one request of
	// unknown fields be parsed and validated whole.
	srv.SetParserTokenLimit(DefaultMaxParserTokens)
	srv.SetValidationRulesFn(cappedRules(MaxErrors))
	// "Did you mean" suggestions would list the schema's field names to
	// anyone who may not introspect it.
	srv.SetDisableSuggestion(!d.Config.PublicIntrospection)
	if ext := telemetry.GraphQL(d.Tracer); ext != nil {
		// First, so the operation's span covers the other extensions' work.
		srv.Use(ext)
	}
	srv.Use(errorCap{max: MaxErrors})
	srv.Use(extension.AutomaticPersistedQuery{Cache: NewPersistedQueryCache()})
	srv.Use(documentGuard{cache: parsed})
	srv.Use(DefaultQueryLimits())
	srv.Use(argumentBounds{})
	srv.Use(introspectionGate{public: d.Config.PublicIntrospection})
	if metrics != nil {
		srv.Use(graphqlMetrics{metrics})
	}
	srv.SetErrorPresenter(errorPresenter(d.Logger, metrics))
	srv.SetRecoverFunc(func(ctx context.Context, v any) error {
		d.Logger.Error("panic in resolver", "panic", v, "path", graphql.GetPath(ctx))
		return &gqlerror.Error{Message: "internal server error", Extensions: map[string]any{"code": graphQLCode(fault.CodeInternal)}}
	})
	return srv
}

// errorPresenter gives every error an extensions.code; errors the client cannot
// act on are logged and replaced by a generic message.
func errorPresenter(log *slog.Logger, metrics *Metrics) graphql.ErrorPresenterFunc {
	return func(ctx context.Context, err error) *gqlerror.Error {
		gerr := graphql.DefaultErrorPresenter(ctx, err)
		if strings.HasPrefix(gerr.Message, "exceeded token limit of ") {
			// The parser's own words; say which limit and what to do.
			gerr.Message = fmt.Sprintf("the query document has more than %d tokens (names, punctuation, values), the most this server parses; send a smaller document and pass long lists as variables", DefaultMaxParserTokens)
			gerr.Extensions = map[string]any{"code": CodeQueryTooComplex}
			return gerr
		}
		if gerr.Extensions != nil {
			if _, ok := gerr.Extensions["code"]; ok {
				return gerr
			}
		}
		var te *auth.ThrottledError
		if errors.As(err, &te) {
			gerr.Message = err.Error()
			gerr.Extensions = map[string]any{"code": graphQLCode(fault.CodeTooManyRequests), "retryAfter": te.RetrySeconds()}
			return gerr
		}
		var ise *pos.InsufficientStockError
		if errors.As(err, &ise) {
			metrics.StockOut()
			gerr.Message = ise.Error()
			gerr.Extensions = map[string]any{"code": graphQLCode(fault.CodeInsufficientStock), "productId": ise.ProductID.String(), "available": ise.Available, "requested": ise.Requested}
			return gerr
		}
		if errors.Is(err, money.ErrInvalid) || errors.Is(err, money.ErrPrecision) || errors.Is(err, money.ErrRange) {
			// A Decimal input the scalar refused ("34.999"): the client's mistake.
			gerr.Extensions = map[string]any{"code": graphQLCode(fault.CodeBadInput)}
			return gerr
		}
		if badUUID(err) {
			gerr.Message = "invalid ID: not a UUID"
			gerr.Extensions = map[string]any{"code": graphQLCode(fault.CodeBadInput)}
			return gerr
		}
		if pe := store.AsFault(err); pe != nil {
			gerr.Message = pe.Message
			gerr.Extensions = map[string]any{"code": graphQLCode(pe.Code)}
			if pe.Field != "" {
				gerr.Extensions["field"] = pe.Field
			}
			return gerr
		}
		if argumentError(ctx, gerr) {
			// A custom scalar (Decimal, UUID, Time) or enum refused its input.
			gerr.Extensions = map[string]any{"code": graphQLCode(fault.CodeBadInput)}
			return gerr
		}
		var ge *gqlerror.Error
		if errors.As(err, &ge) && ge.Err == nil {
			// Parse and validation errors from gqlgen itself.
			if gerr.Extensions == nil {
				gerr.Extensions = map[string]any{}
			}
			gerr.Extensions["code"] = graphQLCode(fault.CodeBadInput)
			return gerr
		}
		if tooLargeForDatabase(err) {
			// A filter the argument bounds let through but the database
			// still refused as too big: the client's request, not a bug.
			gerr.Message = "the filter is too large for the database to run; use fewer or shorter values"
			gerr.Extensions = map[string]any{"code": graphQLCode(fault.CodeBadInput)}
			return gerr
		}
		log.Error("internal error", "err", err, "path", gerr.Path)
		gerr.Message = "internal server error"
		if databaseUnavailable(err) {
			gerr.Message = unavailableMessage
		}
		gerr.Extensions = map[string]any{"code": graphQLCode(fault.CodeInternal)}
		return gerr
	}
}

// badUUID reports an ID argument that google/uuid could not parse. gqlgen
// passes the parser's error through untyped, and uuid exports a check only for
// the length error, so the format error is matched by its fixed text.
func badUUID(err error) bool {
	for e := err; e != nil; e = errors.Unwrap(e) {
		if uuid.IsInvalidLengthError(e) || e.Error() == "invalid UUID format" {
			return true
		}
	}
	return false
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(v)
}

// addReplicaStatus adds the read replica's last check to a /health or /ready
// answer: "readReplica" is "up", "down" (reports are reading from the
// primary) or "not-standby" (the read URL answers but is not in recovery),
// with "readReplicaLagMs" while up; why it is down goes to the log, not to
// these anonymous endpoints (it names hosts and users). Neither
// endpoint fails for it: the replica carries only reports, which fall back to
// the primary, so a load balancer must not take the instance out over it.
// It reports what the watcher last saw (store.Replica.Watch, every
// PANDAC_DB_READ_CHECK_INTERVAL) rather than querying, so liveness probes
// never wait on the standby.
func addReplicaStatus(out map[string]any, r *store.Replica) {
	if r == nil {
		return
	}
	st := r.Status()
	switch {
	case !st.Up:
		out["readReplica"] = "down"
	case st.CheckedAt.IsZero():
		out["readReplica"] = "unchecked"
	case !st.InRecovery:
		out["readReplica"] = "not-standby"
	default:
		out["readReplica"] = "up"
		out["readReplicaLagMs"] = st.Lag.Milliseconds()
	}
}
