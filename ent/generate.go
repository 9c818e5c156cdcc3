// Package ent is the generated data-access layer of Pandac POS. Nothing here is
// edited by hand: change ent/schema and run go generate ./...
package ent

//go:generate go run -mod=mod entc.go
