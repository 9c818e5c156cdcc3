package pos

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/idempotencyrecord"
	"github.com/pandac/pandac/internal/actor"
)

// Idempotency scopes: a key is unique within its scope, so a client may reuse
// one key for a checkout and, separately, for a refund.
const (
	ScopeCheckout = "checkout"
	ScopePayment  = "payment"
	ScopeRefund   = "refund"
)

// IdempotencyRetention is how long keys are kept; PruneIdempotency removes
// older records. Clients are promised at least 24 hours.
const IdempotencyRetention = 48 * time.Hour

const maxKeyLen = 200

// requestHash is the SHA-256 of the canonical request: its JSON encoding
// after the caller has normalized it (trimmed strings, merged and sorted
// items), so the same request always hashes the same.
func requestHash(req any) (string, error) {
	b, err := json.Marshal(req)
	if err != nil {
		return "", fmt.Errorf("hashing request: %w", err)
	}
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:]), nil
}

// idempotent runs fn in a transaction at most once per (scope, key) and
// returns result, the id of what fn makes or changes, which the caller knows
// before fn runs (a new sale's id is drawn up front).
//
// The record is inserted in the same transaction as the work, before it and
// complete with its result, so the unique index on (scope, key) decides
// between concurrent requests and replays alike: the insert of a key already
// committed fails with a unique violation at once (on PostgreSQL an insert
// racing an uncommitted one waits for it first; SQLite serialises writers),
// the transaction rolls back, and the loser reads the winner's record. First
// requests, the common case, pay one statement: no lookup before the insert
// and no update after the work. A replay with the same body returns the first
// result id and creates nothing; a different body is a CONFLICT. A failed
// request leaves no record, so the client may retry it with the same key.
func (s *Service) idempotent(ctx context.Context, scope, key string, req any, result uuid.UUID, fn func(ctx context.Context, tx *ent.Tx) error) (uuid.UUID, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		if err := s.inTx(ctx, fn); err != nil {
			return uuid.Nil, err
		}
		return result, nil
	}
	if len(key) > maxKeyLen {
		return uuid.Nil, BadInput("idempotencyKey", "idempotency key is longer than %d characters", maxKeyLen)
	}
	hash, err := requestHash(req)
	if err != nil {
		return uuid.Nil, err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		create := tx.IdempotencyRecord.Create().SetScope(scope).SetKey(key).SetRequestHash(hash).
			SetResultID(result).SetCreatedAt(s.now())
		if who, ok := actor.From(ctx); ok {
			create.SetUserID(who)
		}
		if err := create.Exec(ctx); err != nil {
			return err
		}
		return fn(ctx, tx)
	})
	if err != nil && ent.IsConstraintError(err) {
		// A replay, or lost the race for the key: the winner has committed by
		// now. (Another constraint failing inside fn finds no record here and
		// keeps its own error.)
		prev, qerr := s.client.IdempotencyRecord.Query().
			Where(idempotencyrecord.Scope(scope), idempotencyrecord.Key(key)).Only(ctx)
		if qerr == nil {
			return replayOf(prev, scope, key, hash)
		}
	}
	if err != nil {
		return uuid.Nil, err
	}
	return result, nil
}

func replayOf(prev *ent.IdempotencyRecord, scope, key, hash string) (uuid.UUID, error) {
	if prev.RequestHash != hash {
		return uuid.Nil, Conflict("idempotency key %q was already used for a different %s request", key, scope)
	}
	return prev.ResultID, nil
}

// PruneIdempotency deletes idempotency records older than
// IdempotencyRetention and returns how many went.
func (s *Service) PruneIdempotency(ctx context.Context) (int, error) {
	return s.client.IdempotencyRecord.Delete().
		Where(idempotencyrecord.CreatedAtLT(s.now().Add(-IdempotencyRetention))).Exec(ctx)
}
