package store

import (
	"context"
	"fmt"

	"entgo.io/ent/dialect/sql/schema"
)

// Migrate brings the database schema up to date with ent/schema.
func (d *DB) Migrate(ctx context.Context) error {
	if err := d.Client.Schema.Create(ctx, schema.WithDropIndex(false), schema.WithDropColumn(false)); err != nil {
		return fmt.Errorf("migrating schema: %w", err)
	}
	return nil
}
