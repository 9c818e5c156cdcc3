package telemetry

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	semconv "go.opentelemetry.io/otel/semconv/v1.40.0"
	"go.opentelemetry.io/otel/trace"
)

// Attribute keys of the operation span beyond the semantic conventions'.
const (
	// ErrorCountKey is the number of errors in the operation's answer.
	ErrorCountKey = attribute.Key("graphql.error.count")
	// ErrorCodesKey lists the errors' extensions.code, in answer order.
	// Codes, not messages: a message may quote the caller's input.
	ErrorCodesKey = attribute.Key("graphql.error.codes")
)

// GraphQL returns a gqlgen extension that puts each operation in a span
// named after it ("query DashboardAnalytics", or just "query" when it is
// anonymous), with graphql.operation.type and graphql.operation.name, and,
// when the answer carries errors, their count and codes and an error status.
// The resolvers run under this span, so the statements they send are its
// descendants.
//
// It is one span per operation, not per field: a page of products resolves
// thousands of fields, and a span each would cost more than the resolvers
// do; the statement spans already show where the time goes. Nor is the
// document recorded: its literals may hold personal data.
//
// Register it before the other extensions so its span also covers their
// work (the cost and argument checks). Operations refused while parsing or
// validating never reach an operation interceptor; their HTTP span shows
// the 422. Given a nil tp it returns nil: install nothing then.
func GraphQL(tp trace.TracerProvider) graphql.HandlerExtension {
	if tp == nil {
		return nil
	}
	return operationTracer{tracer: tp.Tracer(ScopeName)}
}

// maxCodes bounds the codes one span lists: a long subscription could
// otherwise grow the list without end.
const maxCodes = 50

type operationTracer struct{ tracer trace.Tracer }

var _ interface {
	graphql.HandlerExtension
	graphql.OperationInterceptor
} = operationTracer{}

// ExtensionName implements graphql.HandlerExtension.
func (operationTracer) ExtensionName() string { return "PandacTracing" }

// Validate implements graphql.HandlerExtension.
func (operationTracer) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptOperation starts the operation's span. gqlgen runs the
// resolvers later, when the transport calls the returned handler with the
// context given to next, so the span ends there: after the one answer of a
// query or mutation, or, for a subscription, when its stream ends.
func (o operationTracer) InterceptOperation(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
	oc := graphql.GetOperationContext(ctx)
	typ := ""
	if oc.Operation != nil {
		typ = string(oc.Operation.Operation)
	}
	name := typ
	if name == "" {
		name = "GraphQL Operation"
	}
	attrs := make([]attribute.KeyValue, 0, 2)
	if typ != "" {
		attrs = append(attrs, semconv.GraphQLOperationTypeKey.String(typ))
	}
	// The document's name for the operation it runs, whether or not the
	// request named it in operationName.
	opName := oc.OperationName
	if oc.Operation != nil && oc.Operation.Name != "" {
		opName = oc.Operation.Name
	}
	if opName != "" {
		name += " " + opName
		attrs = append(attrs, semconv.GraphQLOperationName(opName))
	}
	ctx, span := o.tracer.Start(ctx, name, trace.WithAttributes(attrs...))
	handler := next(ctx)
	subscription := typ == string(ast.Subscription)
	errs := 0
	var codesSeen []string
	return func(ctx context.Context) *graphql.Response {
		resp := handler(ctx)
		if resp != nil {
			errs += len(resp.Errors)
			for _, e := range resp.Errors {
				if len(codesSeen) == maxCodes {
					break
				}
				code, _ := e.Extensions["code"].(string)
				codesSeen = append(codesSeen, code)
			}
		}
		if resp == nil || !subscription {
			if errs > 0 {
				span.SetAttributes(ErrorCountKey.Int(errs), ErrorCodesKey.StringSlice(codesSeen))
				span.SetStatus(codes.Error, fmt.Sprintf("%d GraphQL errors, first %s", errs, codesSeen[0]))
			}
			span.End()
		}
		return resp
	}
}
