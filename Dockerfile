# syntax=docker/dockerfile:1

# Build: a static, cgo-free binary (SQLite is the pure-Go modernc driver).
ARG GO_VERSION=1.26
FROM golang:${GO_VERSION} AS build
WORKDIR /src
COPY go.mod go.sum ./
RUN --mount=type=cache,target=/go/pkg/mod \
    go mod download
COPY . .
RUN --mount=type=cache,target=/go/pkg/mod \
    --mount=type=cache,target=/root/.cache/go-build \
    CGO_ENABLED=0 go build -trimpath -ldflags='-s -w' -o /out/pandac ./cmd/pandac \
 && mkdir -p /out/data

# Run: no shell, no package manager, non-root (uid 65532).
FROM gcr.io/distroless/static-debian12:nonroot
COPY --from=build /out/pandac /pandac
# Working directory for the default SQLite file (pandac.db) when DATABASE_URL is unset.
COPY --from=build --chown=65532:65532 /out/data /data
WORKDIR /data
VOLUME ["/data"]
USER 65532:65532
ENV PANDAC_ADDR=:8000
EXPOSE 8000
ENTRYPOINT ["/pandac"]
CMD ["serve"]
