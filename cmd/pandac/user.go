package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"github.com/pandac/pandac/internal/auth"
	"github.com/pandac/pandac/internal/config"
	"github.com/pandac/pandac/internal/store"
)

// startAuth builds the auth service (default roles, signing key) and creates
// the bootstrap admin from PANDAC_ADMIN_USERNAME/PANDAC_ADMIN_PASSWORD.
func startAuth(ctx context.Context, db *store.DB, cfg config.Config, log *slog.Logger) (*auth.Service, error) {
	svc, err := auth.New(ctx, db.Client, auth.OptionsFromConfig(cfg))
	if err != nil {
		return nil, fmt.Errorf("starting auth: %w", err)
	}
	if cfg.AdminUsername != "" {
		created, err := svc.EnsureAdmin(ctx, cfg.AdminUsername, cfg.AdminPassword)
		if err != nil {
			return nil, fmt.Errorf("creating bootstrap admin %q: %w", cfg.AdminUsername, err)
		}
		if created {
			log.Info("bootstrap admin created", "username", cfg.AdminUsername)
		}
	}
	return svc, nil
}

// userCreate is `pandac user create`: the operator's way to make an account
// (the first admin, say) without going through the API. The password comes
// from --password or the first line of stdin, so it need not sit in shell
// history.
func userCreate(args []string, stdin io.Reader, stdout io.Writer) error {
	fs := flag.NewFlagSet("user create", flag.ContinueOnError)
	username := fs.String("username", "", "username (3-20 letters, digits, underscores)")
	roleName := fs.String("role", "user", "role name (admin, manager, cashier, user or one you created)")
	password := fs.String("password", "", "password (default: read the first line of stdin)")
	fullName := fs.String("full-name", "", "full name")
	email := fs.String("email", "", "email address")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *username == "" {
		return errors.New("--username is required")
	}
	pw := *password
	if pw == "" {
		line, err := bufio.NewReader(stdin).ReadString('\n')
		if err != nil && !errors.Is(err, io.EOF) {
			return fmt.Errorf("reading password from stdin: %w", err)
		}
		pw = strings.TrimRight(line, "\r\n")
		if pw == "" {
			return errors.New("no password: pass --password or write it on stdin")
		}
	}
	return withDB(nil, func(ctx context.Context, db *store.DB, cfg config.Config) error {
		svc, err := startAuth(ctx, db, cfg, slog.Default())
		if err != nil {
			return err
		}
		in := auth.NewUser{Username: *username, Password: pw, Role: *roleName}
		if *fullName != "" {
			in.FullName = fullName
		}
		if *email != "" {
			in.Email = email
		}
		u, err := svc.ProvisionUser(ctx, in)
		if err != nil {
			return err
		}
		fmt.Fprintf(stdout, "created user %s (%s) with role %s\n", u.Username, u.ID, *roleName)
		return nil
	})
}
