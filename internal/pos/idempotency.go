package pos

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"
	"time"
	"unicode"

	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/idempotencyrecord"
	"github.com/pandac/pandac/internal/actor"
	"github.com/pandac/pandac/internal/auth/policy"
	"github.com/pandac/pandac/internal/fault"
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

// maxKeyLen bounds a client's key so that, stored on a sale or payment with
// its owner's id in front (ownedKey), it fits the 200-character column.
const maxKeyLen = 160

// keyOwner is the user a key belongs to: the signed-in caller, else the
// acting user; none for the server itself.
func keyOwner(ctx context.Context) (uuid.UUID, bool) {
	if c := policy.CallerFrom(ctx); c != nil && c.UserID != uuid.Nil {
		return c.UserID, true
	}
	return actor.From(ctx)
}

// ownedScope is the scope a key is recorded under: keys belong to the user
// who sent them, so the same key from two users is two operations and one
// user can neither replay nor pre-claim another's. The idempotency record's
// unique index is (scope, key), so putting the owner in the scope keeps the
// client's key as sent (scope "checkout:<user id>" fits its 50 characters).
func ownedScope(ctx context.Context, scope string) string {
	if who, ok := keyOwner(ctx); ok {
		return scope + ":" + who.String()
	}
	return scope
}

// keySep joins the owner's id to a client's key in the sales' and payments'
// idempotency_key columns. Those columns are unique on their own, so two
// users' same key must be stored apart; a control character cannot occur in
// a client's key (checkKey refuses it), so the owned form is never mistaken
// for a key a client sent.
const keySep = "\x1f"

// ownedKey is key as stored on a sale or payment made in ctx: prefixed with
// its owner's id, or as sent for the server itself. ClientKey undoes it.
func ownedKey(ctx context.Context, key string) string {
	if key == "" {
		return ""
	}
	if who, ok := keyOwner(ctx); ok {
		return who.String() + keySep + key
	}
	return key
}

// ClientKey is the key a client sent, given what a sale's or payment's
// idempotency_key column holds (see ownedKey). Every read of those rows
// through a Service's client already shows the client's key (New installs
// an interceptor); this is for rows read some other way.
func ClientKey(stored string) string {
	if len(stored) > 37 && stored[36:37] == keySep {
		if _, err := uuid.Parse(stored[:36]); err == nil {
			return stored[37:]
		}
	}
	return stored
}

// showClientKeys makes every Sale and Payment read show the client's own
// idempotency key rather than its owned, stored form. Stripping is idempotent,
// so a client with the interceptor installed twice reads the same.
func showClientKeys(next ent.Querier) ent.Querier {
	return ent.QuerierFunc(func(ctx context.Context, q ent.Query) (ent.Value, error) {
		v, err := next.Query(ctx, q)
		switch rows := v.(type) {
		case []*ent.Sale:
			for _, r := range rows {
				if r != nil && r.IdempotencyKey != nil {
					k := ClientKey(*r.IdempotencyKey)
					r.IdempotencyKey = &k
				}
			}
		case []*ent.Payment:
			for _, r := range rows {
				if r != nil && r.IdempotencyKey != nil {
					k := ClientKey(*r.IdempotencyKey)
					r.IdempotencyKey = &k
				}
			}
		}
		return v, err
	})
}

// checkKey refuses keys that are too long or hold control characters.
func checkKey(key string) error {
	if len(key) > maxKeyLen {
		return fault.BadInput("idempotencyKey", "idempotency key is longer than %d characters", maxKeyLen)
	}
	for _, r := range key {
		if unicode.IsControl(r) {
			return fault.BadInput("idempotencyKey", "idempotency key must not contain control characters")
		}
	}
	return nil
}

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

// idempotent runs fn in a transaction at most once per (scope, key) of the
// key's owner (ownedScope) and returns result, the id of what fn makes or changes, which the caller knows
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
// result id and creates nothing; a different body is a fault.CodeConflict error. A failed
// request leaves no record, so the client may retry it with the same key.
func (s *core) idempotent(ctx context.Context, scope, key string, req any, result uuid.UUID, fn func(ctx context.Context, tx *ent.Tx) error) (uuid.UUID, error) {
	key = strings.TrimSpace(key)
	if key == "" {
		if err := s.inTx(ctx, fn); err != nil {
			return uuid.Nil, err
		}
		return result, nil
	}
	if err := checkKey(key); err != nil {
		return uuid.Nil, err
	}
	owned := ownedScope(ctx, scope)
	hash, err := requestHash(req)
	if err != nil {
		return uuid.Nil, err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx *ent.Tx) error {
		create := tx.IdempotencyRecord.Create().SetScope(owned).SetKey(key).SetRequestHash(hash).
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
			Where(idempotencyrecord.Scope(owned), idempotencyrecord.Key(key)).Only(ctx)
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
		return uuid.Nil, fault.Conflict("idempotency key %q was already used for a different %s request", key, scope)
	}
	return prev.ResultID, nil
}

// PruneIdempotency deletes idempotency records older than
// IdempotencyRetention and returns how many went.
func (s *Service) PruneIdempotency(ctx context.Context) (int, error) {
	return s.client.IdempotencyRecord.Delete().
		Where(idempotencyrecord.CreatedAtLT(s.now().Add(-IdempotencyRetention))).Exec(ctx)
}
