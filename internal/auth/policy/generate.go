package policy

//go:generate go run ./roletable ../../../README.md
