package telemetry

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/metric/noop"
	"go.opentelemetry.io/otel/propagation"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// HTTP returns h wrapped in otelhttp: a server span per request, continuing
// the caller's trace when the request carries a W3C traceparent (a proxy's
// or a browser's trace then runs on through Pandac). Use RouteName inside
// the chi router so the span is named after the route. Given a nil tp it
// returns h itself.
func HTTP(h http.Handler, tp trace.TracerProvider) http.Handler {
	if tp == nil {
		return h
	}
	return otelhttp.NewHandler(h, "http",
		otelhttp.WithTracerProvider(tp),
		otelhttp.WithPropagators(propagation.TraceContext{}),
		// No metrics from otelhttp: /metrics already counts requests by route.
		otelhttp.WithMeterProvider(noop.NewMeterProvider()),
	)
}

// RouteName is chi middleware naming the request's span after the route
// pattern chi matched ("GET /v1/products/{id}") and setting http.route.
// otelhttp names a span from http.Request.Pattern, but chi sets that on its
// own copy of the request, deeper down, which otelhttp never sees; the route
// context is shared, so it is read here once routing is done. The raw path
// is never the name: every id would make a name of its own. Install it only
// when tracing is on (it does nothing without a span).
func RouteName(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		next.ServeHTTP(w, r)
		span := trace.SpanFromContext(r.Context())
		if !span.IsRecording() {
			return
		}
		if rc := chi.RouteContext(r.Context()); rc != nil {
			if p := rc.RoutePattern(); p != "" {
				span.SetName(r.Method + " " + p)
				span.SetAttributes(semconv.HTTPRoute(p))
			}
		}
	})
}
