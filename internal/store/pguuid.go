package store

import (
	"context"
	"database/sql"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgtype"
	"github.com/jackc/pgx/v5/stdlib"
)

// openPostgres opens a pgx-backed database/sql pool whose connections send
// github.com/google/uuid values (every id ent passes) in PostgreSQL's binary
// uuid format.
//
// Left to itself pgx encodes a uuid.UUID through its driver.Valuer: Value()
// renders the 36-character string, the binary encoding of a string into a
// uuid column fails (building an error with fmt), and pgx retries in text,
// which the server parses again. With 50 ids in an eager-load IN list that
// was about a tenth of the CPU of a products page. As [16]byte pgx writes the
// 16 bytes directly.
func openPostgres(url string) (*sql.DB, error) {
	cfg, err := pgx.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("opening postgres: %w", err)
	}
	return stdlib.OpenDB(*cfg, stdlib.OptionAfterConnect(func(_ context.Context, conn *pgx.Conn) error {
		registerUUID(conn.TypeMap())
		return nil
	})), nil
}

// registerUUID makes m encode uuid.UUID as the [16]byte it is.
func registerUUID(m *pgtype.Map) {
	m.TryWrapEncodePlanFuncs = append([]pgtype.TryWrapEncodePlanFunc{tryWrapUUIDEncodePlan}, m.TryWrapEncodePlanFuncs...)
}

func tryWrapUUIDEncodePlan(value any) (pgtype.WrappedEncodePlanNextSetter, any, bool) {
	if u, ok := value.(uuid.UUID); ok {
		return &uuidEncodePlan{}, [16]byte(u), true
	}
	return nil, nil, false
}

// uuidEncodePlan hands a uuid.UUID to the next plan as [16]byte.
type uuidEncodePlan struct{ next pgtype.EncodePlan }

func (p *uuidEncodePlan) SetNext(next pgtype.EncodePlan) { p.next = next }

func (p *uuidEncodePlan) Encode(value any, buf []byte) ([]byte, error) {
	return p.next.Encode([16]byte(value.(uuid.UUID)), buf)
}
