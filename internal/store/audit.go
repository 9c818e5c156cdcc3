package store

import (
	"bytes"
	"context"
	"fmt"
	"reflect"
	"slices"
	"sync"
	"time"

	entgo "entgo.io/ent"
	"github.com/google/uuid"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/auditentry"
	"github.com/pandac/pandac/ent/schema"
	"github.com/pandac/pandac/internal/actor"
)

// auditedSchemas are the entities whose writes land in the audit log: the
// catalogue, people, stock, selling and purchasing records. Left out on
// purpose: the audit log itself; notifications (system-made alerts); and the
// auth bookkeeping tables (refresh and revoked tokens, login throttles,
// system secrets, idempotency records), which hold secrets or are written on
// every login and say nothing about who changed the store's data.
var auditedSchemas = []entgo.Interface{
	schema.Product{}, schema.Supplier{}, schema.Discount{}, schema.LoyaltyProgram{},
	schema.Setting{}, schema.Customer{}, schema.Employee{},
	schema.Inventory{}, schema.StockMovement{},
	schema.Sale{}, schema.SaleItem{}, schema.Payment{}, schema.Transaction{},
	schema.CashSession{}, schema.CashMovement{},
	schema.PurchaseOrder{}, schema.PurchaseOrderLine{},
	schema.User{}, schema.Role{},
}

// auditPolicy is, per audited entity type, the fields never copied into an
// audit entry: the schema's Sensitive fields (password hashes) plus the
// bookkeeping columns the entry already carries itself (who and when).
var auditPolicy = buildAuditPolicy(auditedSchemas)

// bookkeeping are mixin columns that repeat what an audit entry records anyway.
var bookkeeping = []string{"id", "created_at", "updated_at", "created_by", "updated_by", "version"}

func buildAuditPolicy(schemas []entgo.Interface) map[string]map[string]bool {
	p := make(map[string]map[string]bool, len(schemas))
	for _, s := range schemas {
		hidden := map[string]bool{}
		for _, b := range bookkeeping {
			hidden[b] = true
		}
		fields := s.Fields()
		for _, mx := range s.Mixin() {
			fields = append(fields, mx.Fields()...)
		}
		for _, f := range fields {
			if d := f.Descriptor(); d.Sensitive {
				hidden[d.Name] = true
			}
		}
		p[reflect.TypeOf(s).Name()] = hidden
	}
	return p
}

// SensitiveFieldsHidden reports whether the audit log leaves field out of its
// entries for entity type typ; exported for tests of other packages that want
// to check a secret never reaches the log.
func SensitiveFieldsHidden(typ, field string) bool { return auditPolicy[typ][field] }

// auditMutation is what the hook needs of a generated mutation beyond
// ent.Mutation: its id(s), a client bound to the same driver (so, inside a
// transaction, the entry is written in that transaction), and whether it runs
// in a transaction at all.
type auditMutation interface {
	entgo.Mutation
	ID() (uuid.UUID, bool)
	IDs(ctx context.Context) ([]uuid.UUID, error)
	Client() *ent.Client
	Tx() (*ent.Tx, error)
}

type bulkLoadKey struct{}

// WithoutAudit marks a context as a bulk load of generated data (pandac
// seed), whose hundreds of thousands of rows would otherwise double in audit
// entries that record nothing a person did.
func WithoutAudit(ctx context.Context) context.Context {
	return context.WithValue(ctx, bulkLoadKey{}, true)
}

// AuditHook writes an AuditEntry for every create, update and delete of an
// audited entity: who (actor.From), what (entity type and id), when, and the
// changed fields with their new values (never Sensitive fields).
//
// The entry is written in the change's own transaction, so it commits or rolls
// back with it. In a transaction run by InTx (everything internal/pos does)
// the entries are collected as the writes happen and written together, in one
// statement, as the transaction commits: a checkout writes its sale, lines,
// payments and their entries without a round trip per entry, and a sale's
// lines and payments made in the transaction that makes or changes the sale
// are listed in the sale's own entry rather than given one each
// (foldSaleParts), so a checkout is one entry. Elsewhere the
// entry is written through the mutation's own client right after the change.
// Either way a failure to write the entries fails the change (or its commit).
//
// Two writes are deliberately not audited, because the inventory ledger
// already is their audit trail and they sit on checkout's hot path: creating
// a StockMovement (the row itself records actor, product, delta, reason and
// time, and is never updated), and the conditional stock update that goes
// with it (an Inventory update whose only change is adding to quantity; the
// ledger in internal/pos sends it as SQL of its own, which no hook sees).
// Anything else done to those tables, such as changing a reorder level or
// editing a movement, is audited.
func AuditHook(next entgo.Mutator) entgo.Mutator {
	return entgo.MutateFunc(func(ctx context.Context, m entgo.Mutation) (entgo.Value, error) {
		hidden, ok := auditPolicy[m.Type()]
		if !ok || ledgerOnly(m) || ctx.Value(bulkLoadKey{}) != nil {
			return next.Mutate(ctx, m)
		}
		am, ok := m.(auditMutation)
		if !ok {
			return nil, fmt.Errorf("audit: mutation %T cannot be audited", m)
		}
		var (
			action auditentry.Action
			ids    []uuid.UUID
			err    error
		)
		switch op := m.Op(); {
		case op.Is(entgo.OpCreate):
			action = auditentry.ActionCREATE
		case op.Is(entgo.OpUpdateOne), op.Is(entgo.OpDeleteOne):
			action = auditentry.ActionUPDATE
			if op.Is(entgo.OpDeleteOne) {
				action = auditentry.ActionDELETE
			}
			if id, ok := am.ID(); ok {
				ids = []uuid.UUID{id}
			}
		default: // bulk Update or Delete: find the rows before they change or vanish.
			action = auditentry.ActionUPDATE
			if op.Is(entgo.OpDelete) {
				action = auditentry.ActionDELETE
			}
			if ids, err = am.IDs(ctx); err != nil {
				return nil, fmt.Errorf("audit: listing %s rows to change: %w", m.Type(), err)
			}
		}
		var changes map[string]any
		if action != auditentry.ActionDELETE {
			changes = changedFields(m, hidden)
		}
		v, err := next.Mutate(ctx, m)
		if err != nil {
			return v, err
		}
		if n, ok := v.(int); ok && n == 0 {
			return v, nil // an update or delete that matched nothing changed nothing
		}
		if action == auditentry.ActionCREATE {
			if id, ok := am.ID(); ok {
				ids = []uuid.UUID{id}
			}
			// Inner hooks and defaults may have filled in more fields.
			changes = changedFields(m, hidden)
		}
		if len(ids) == 0 || (action == auditentry.ActionUPDATE && len(changes) == 0) {
			return v, nil // nothing done, or only bookkeeping columns touched
		}
		e := auditRecord{action: action, typ: m.Type(), changes: changes, at: time.Now()}
		if who, ok := actor.From(ctx); ok {
			e.actor = &who
		}
		if b := batchOf(ctx, am); b != nil {
			for _, id := range ids {
				e.entity = id
				e.id = auditentry.DefaultID()
				b.add(e)
			}
			return v, nil
		}
		client := am.Client()
		builders := make([]*ent.AuditEntryCreate, len(ids))
		for i, id := range ids {
			e.entity = id
			builders[i] = e.create(client)
		}
		if err := client.AuditEntry.CreateBulk(builders...).Exec(ctx); err != nil {
			return nil, fmt.Errorf("audit: recording %s of %s: %w", action, m.Type(), err)
		}
		return v, nil
	})
}

// auditRecord is one audit entry to write.
type auditRecord struct {
	id      uuid.UUID // zero: the schema default
	at      time.Time
	action  auditentry.Action
	typ     string
	entity  uuid.UUID
	changes map[string]any
	actor   *uuid.UUID
}

func (e auditRecord) create(c *ent.Client) *ent.AuditEntryCreate {
	b := c.AuditEntry.Create().
		SetAction(e.action).
		SetEntityType(e.typ).
		SetEntityID(e.entity).
		SetCreatedAt(e.at).
		SetNillableActorID(e.actor)
	if e.id != uuid.Nil {
		b.SetID(e.id)
	}
	if e.changes != nil {
		b.SetChanges(e.changes)
	}
	return b
}

type auditBatchKey struct{}

// auditBatch collects the audit entries of one transaction until it commits.
// Each entry keeps the id and time it got when its write happened, so the
// log reads in the same order as when entries were written one by one.
type auditBatch struct {
	tx      *ent.Tx
	mu      sync.Mutex
	pending []auditRecord
}

// auditChunk bounds the rows of one INSERT: 7 columns each keeps a statement
// far below the bind-parameter limits of SQLite (32766) and PostgreSQL (65535).
const auditChunk = 1000

// withAuditBatch makes ctx collect the audit entries of writes in tx and
// write them just before tx commits, in as few statements as the entries
// allow. A failure there fails the commit, and so the transaction.
func withAuditBatch(ctx context.Context, tx *ent.Tx) context.Context {
	b := &auditBatch{tx: tx}
	tx.OnCommit(func(next ent.Committer) ent.Committer {
		return ent.CommitFunc(func(ctx context.Context, t *ent.Tx) error {
			if err := b.flush(ctx); err != nil {
				return err
			}
			return next.Commit(ctx, t)
		})
	})
	return context.WithValue(ctx, auditBatchKey{}, b)
}

// batchOf returns the batch collecting the entries of m: the one ctx carries,
// when m runs in a transaction and it is ctx's transaction (InTx hands both
// out together). A write outside any transaction gets its entry at once.
func batchOf(ctx context.Context, m auditMutation) *auditBatch {
	b, _ := ctx.Value(auditBatchKey{}).(*auditBatch)
	if b == nil || ent.TxFromContext(ctx) != b.tx {
		return nil
	}
	if _, err := m.Tx(); err != nil {
		return nil
	}
	return b
}

func (b *auditBatch) add(e auditRecord) {
	b.mu.Lock()
	b.pending = append(b.pending, e)
	b.mu.Unlock()
}

func (b *auditBatch) flush(ctx context.Context) error {
	b.mu.Lock()
	pending := foldSaleParts(b.pending)
	b.pending = nil
	b.mu.Unlock()
	c := b.tx.Client()
	for len(pending) > 0 {
		n := min(len(pending), auditChunk)
		builders := make([]*ent.AuditEntryCreate, n)
		for i, e := range pending[:n] {
			builders[i] = e.create(c)
		}
		if err := c.AuditEntry.CreateBulk(builders...).Exec(ctx); err != nil {
			return fmt.Errorf("audit: recording %d entries: %w", n, err)
		}
		pending = pending[n:]
	}
	return nil
}

// saleParts are the entities created as parts of a sale, by the key their
// creations are listed under in the sale's entry (see foldSaleParts).
var saleParts = map[string]string{"SaleItem": "items", "Payment": "payments"}

// foldSaleParts makes a sale's audit trail one entry per transaction: the
// lines and payments created for a sale in the transaction that also
// creates or changes the sale itself are listed in that entry of the sale,
// under "items" and "payments", each as the fields it was created with and
// its id, instead of an entry each. A checkout is then one entry, however
// many lines and payments it has. Parts of a sale the transaction leaves
// alone keep their own entries, as do every update and delete of a part.
func foldSaleParts(pending []auditRecord) []auditRecord {
	// The entry of each sale the parts are listed in: its first in the
	// transaction, by the entry's own id.
	saleEntry := map[uuid.UUID]uuid.UUID{}
	for _, e := range pending {
		if e.typ == "Sale" && e.action != auditentry.ActionDELETE {
			if _, seen := saleEntry[e.entity]; !seen {
				saleEntry[e.entity] = e.id
			}
		}
	}
	if len(saleEntry) == 0 {
		return pending
	}
	parts := map[uuid.UUID]map[string][]auditRecord{}
	out := make([]auditRecord, 0, len(pending))
	for _, e := range pending {
		key, isPart := saleParts[e.typ]
		saleID, _ := e.changes["sale_id"].(uuid.UUID)
		into, ok := saleEntry[saleID]
		if !isPart || e.action != auditentry.ActionCREATE || !ok {
			out = append(out, e)
			continue
		}
		if parts[into] == nil {
			parts[into] = map[string][]auditRecord{}
		}
		parts[into][key] = append(parts[into][key], e)
	}
	for i, e := range out {
		add := parts[e.id]
		if e.typ != "Sale" || len(add) == 0 {
			continue
		}
		changes := make(map[string]any, len(e.changes)+len(add))
		for k, v := range e.changes {
			changes[k] = v
		}
		for key, rs := range add {
			// In the order the parts were made (ids are time-ordered); a bulk
			// create's hooks finish last to first.
			slices.SortFunc(rs, func(a, b auditRecord) int { return bytes.Compare(a.entity[:], b.entity[:]) })
			list := make([]any, len(rs))
			for j, r := range rs {
				part := make(map[string]any, len(r.changes)+1)
				for k, v := range r.changes {
					part[k] = v
				}
				part["id"] = r.entity
				list[j] = part
			}
			changes[key] = list
		}
		out[i].changes = changes
	}
	return out
}

// ledgerOnly reports a write the stock ledger already records (see AuditHook).
func ledgerOnly(m entgo.Mutation) bool {
	switch m.Type() {
	case "StockMovement":
		return m.Op().Is(entgo.OpCreate)
	case "Inventory":
		if !m.Op().Is(entgo.OpUpdate|entgo.OpUpdateOne) || !slices.Equal(m.AddedFields(), []string{"quantity"}) {
			return false
		}
		if len(m.ClearedFields()) > 0 || len(m.AddedEdges()) > 0 || len(m.RemovedEdges()) > 0 || len(m.ClearedEdges()) > 0 {
			return false
		}
		for _, f := range m.Fields() {
			if f != "updated_at" && f != "updated_by" {
				return false
			}
		}
		return true
	}
	return false
}

// changedFields lists what the mutation sets: new values of set fields,
// {"add": n} for increments, nil for cleared fields, and {"add": ids,
// "remove": ids} or nil for edges; hidden fields never appear.
func changedFields(m entgo.Mutation, hidden map[string]bool) map[string]any {
	c := map[string]any{}
	for _, f := range m.Fields() {
		if hidden[f] {
			continue
		}
		if v, ok := m.Field(f); ok {
			c[f] = v
		}
	}
	for _, f := range m.AddedFields() {
		if hidden[f] {
			continue
		}
		if v, ok := m.AddedField(f); ok {
			c[f] = map[string]any{"add": v}
		}
	}
	for _, f := range m.ClearedFields() {
		if !hidden[f] {
			c[f] = nil
		}
	}
	for _, e := range m.AddedEdges() {
		if _, isField := c[e+"_id"]; isField {
			continue // an edge with a foreign-key field is already listed under the field
		}
		c[e] = map[string]any{"add": m.AddedIDs(e)}
	}
	for _, e := range m.RemovedEdges() {
		entry, _ := c[e].(map[string]any)
		if entry == nil {
			entry = map[string]any{}
		}
		entry["remove"] = m.RemovedIDs(e)
		c[e] = entry
	}
	for _, e := range m.ClearedEdges() {
		if _, isField := c[e+"_id"]; !isField {
			c[e] = nil
		}
	}
	return c
}
