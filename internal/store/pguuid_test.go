package store

import (
	"bytes"
	"testing"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgtype"
)

// TestUUIDEncodesAsBinary: with registerUUID, a uuid.UUID argument is the 16
// bytes of PostgreSQL's binary format, not its Valuer's string (which pgx
// can only send as text, after a failed binary attempt).
func TestUUIDEncodesAsBinary(t *testing.T) {
	u := uuid.New()
	m := pgtype.NewMap()
	registerUUID(m)
	buf, err := m.Encode(pgtype.UUIDOID, pgtype.BinaryFormatCode, u, nil)
	if err != nil || !bytes.Equal(buf, u[:]) {
		t.Fatalf("binary encoding = %x, %v; want %x", buf, err, u[:])
	}
	if allocs := testing.AllocsPerRun(100, func() { _, _ = m.Encode(pgtype.UUIDOID, pgtype.BinaryFormatCode, u, buf[:0]) }); allocs > 4 {
		t.Errorf("encoding a uuid allocates %.0f times, want at most 4 (through its Valuer it takes about 20)", allocs)
	}
}
