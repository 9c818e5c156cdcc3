// Package telemetry sends OpenTelemetry traces of Pandac's work: one span per
// HTTP request, one per GraphQL operation and one per SQL statement, so an
// operator sees in production where a request's time goes, as bench/README
// shows it on a development machine.
//
// Tracing is off unless OTEL_EXPORTER_OTLP_ENDPOINT (or
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) is set. Off means off: Start returns a
// nil provider, and every caller checks for nil once, at start, and then
// installs nothing, so a request pays no wrapper, no span and no allocation
// for it.
package telemetry

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of every span this package starts.
const ScopeName = "github.com/pandac/pandac/internal/telemetry"

// ServiceName is the service.name spans carry unless OTEL_SERVICE_NAME or
// OTEL_RESOURCE_ATTRIBUTES says otherwise.
const ServiceName = "pandac"

// Enabled reports whether the environment read through getenv asks for
// traces: an OTLP endpoint is set, and neither OTEL_SDK_DISABLED=true nor
// OTEL_TRACES_EXPORTER=none turns them off (the standard switches, so an
// operator can silence one instance without removing the endpoint).
func Enabled(getenv func(string) string) bool {
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true") {
		return false
	}
	if strings.EqualFold(strings.TrimSpace(getenv("OTEL_TRACES_EXPORTER")), "none") {
		return false
	}
	return getenv("OTEL_EXPORTER_OTLP_ENDPOINT") != "" || getenv("OTEL_EXPORTER_OTLP_TRACES_ENDPOINT") != ""
}

// checkProtocol refuses an OTLP protocol other than http/protobuf. The gRPC
// exporter would bring a gRPC client into the binary for a choice the
// collector offers over HTTP as well (port 4318); failing at start says so,
// where exporting http to a gRPC port would fail quietly at every batch.
func checkProtocol(getenv func(string) string) error {
	for _, v := range []string{"OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "OTEL_EXPORTER_OTLP_PROTOCOL"} {
		switch p := strings.TrimSpace(getenv(v)); p {
		case "":
			continue
		case "http/protobuf":
			return nil
		default:
			return fmt.Errorf("%s=%s: Pandac exports traces over OTLP http/protobuf only (the collector's port 4318); unset it or set http/protobuf", v, p)
		}
	}
	return nil
}

// Start sets up tracing from the standard OTEL_* variables when Enabled
// says so: an OTLP/HTTP exporter (endpoint, headers, timeout, TLS and
// compression from OTEL_EXPORTER_OTLP_*), a batching processor
// (OTEL_BSP_*), the sampler (OTEL_TRACES_SAMPLER, default parent-based
// always-on), the resource (OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES) and
// W3C trace-context propagation, so a proxy's or caller's trace continues
// through Pandac. It also installs the provider and propagator as otel's
// globals for libraries that look there.
//
// When tracing is off it returns a nil provider and a shutdown that does
// nothing; callers install no instrumentation for a nil provider. The
// returned shutdown flushes the spans still buffered and must be called
// before the process exits.
func Start(ctx context.Context, version string) (trace.TracerProvider, func(context.Context) error, error) {
	noop := func(context.Context) error { return nil }
	if !Enabled(os.Getenv) {
		return nil, noop, nil
	}
	if err := checkProtocol(os.Getenv); err != nil {
		return nil, noop, err
	}
	exp, err := otlptracehttp.New(ctx)
	if err != nil {
		return nil, noop, fmt.Errorf("tracing: OTLP exporter: %w", err)
	}
	// Our defaults first, the environment after: resource.New lets later
	// detectors override earlier ones, so OTEL_SERVICE_NAME wins.
	res, err := resource.New(ctx,
		resource.WithAttributes(semconv.ServiceName(ServiceName), semconv.ServiceVersion(version)),
		resource.WithTelemetrySDK(),
		resource.WithFromEnv(),
	)
	if err != nil && !errors.Is(err, resource.ErrPartialResource) {
		return nil, noop, fmt.Errorf("tracing: resource: %w", err)
	}
	tp := sdktrace.NewTracerProvider(sdktrace.WithBatcher(exp), sdktrace.WithResource(res))
	otel.SetTracerProvider(tp)
	otel.SetTextMapPropagator(propagation.TraceContext{})
	return tp, tp.Shutdown, nil
}
