package auth

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/pandac/pandac/ent"
	"github.com/pandac/pandac/ent/user"
)

// DefaultPrincipalCacheTTL bounds how long a verified access token is
// trusted without reading its user again, in case a change reaches the
// database without passing through any instance (an UPDATE typed in psql).
// Changes made through Pandac end cached entries at once (see CachePrincipals).
const DefaultPrincipalCacheTTL = 10 * time.Second

// maxCachedPrincipals bounds the cache: when it is full it starts over, which
// costs one database read per active token, not a leak.
const maxCachedPrincipals = 10_000

// Peers links the principal caches of the instances sharing a database. The
// events bus implements it.
type Peers interface {
	// AnnouncePrincipalsChanged tells the other instances, best effort, that
	// users, roles or revoked tokens changed.
	AnnouncePrincipalsChanged()
	// PrincipalChanges delivers the other instances' announcements until ctx
	// ends.
	PrincipalChanges(ctx context.Context) <-chan struct{}
	// LinkState reports whether announcements from the other instances are
	// reaching this one; epoch changes every time the link drops or returns.
	LinkState() (epoch uint64, up bool)
}

// principalCache remembers, per access token, the principal it authenticated
// as. An entry is only used while nothing that could change the answer has
// happened since it was read: gen counts the changes to users, roles and
// revoked tokens seen by this instance (its own commits and its peers'
// announcements), the link epoch the drops of the link to the peers. While
// the link is down nothing is served from the cache, because announcements
// sent meanwhile are lost.
type principalCache struct {
	ttl   time.Duration
	peers Peers

	gen atomic.Uint64
	mu  sync.RWMutex
	m   map[string]cachedPrincipal
}

type cachedPrincipal struct {
	p       Principal
	gen     uint64
	epoch   uint64
	expires time.Time
}

// cacheStamp is the state an entry is valid for; taken before the database
// read, so a change committed during the read makes the entry stale at once.
type cacheStamp struct {
	gen, epoch uint64
	up         bool
}

func (c *principalCache) stamp() cacheStamp {
	s := cacheStamp{gen: c.gen.Load(), up: true}
	if c.peers != nil {
		s.epoch, s.up = c.peers.LinkState()
	}
	return s
}

func (c *principalCache) get(token string, now time.Time) (*Principal, bool) {
	st := c.stamp()
	if !st.up {
		return nil, false
	}
	c.mu.RLock()
	e, ok := c.m[token]
	c.mu.RUnlock()
	if !ok || e.gen != st.gen || e.epoch != st.epoch || !now.Before(e.expires) {
		return nil, false
	}
	p := e.p
	return &p, true
}

func (c *principalCache) put(token string, p *Principal, st cacheStamp, expires time.Time) {
	if !st.up {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.m) >= maxCachedPrincipals {
		c.m = make(map[string]cachedPrincipal, len(c.m))
	}
	c.m[token] = cachedPrincipal{p: *p, gen: st.gen, epoch: st.epoch, expires: expires}
}

// invalidate makes every cached entry stale.
func (c *principalCache) invalidate() {
	c.gen.Add(1)
	c.mu.Lock()
	clear(c.m)
	c.mu.Unlock()
}

// CachePrincipals lets Authenticate answer a token it verified in the last
// ttl from memory instead of reading the user, its role and the token's
// revocation again, the one database read every authenticated request
// otherwise pays. Revocation stays immediate: a change to users, roles or
// revoked tokens made through this instance ends the cached entries when it
// commits, and one made by another instance when its announcement arrives
// through peers (the PostgreSQL LISTEN/NOTIFY bus), in milliseconds. ttl
// bounds what neither can see, such as a direct UPDATE in the database.
// peers may be nil when this is the only instance. ctx ends the listening.
// ttl <= 0 leaves the cache off; the peers' announcements still end
// watched sessions (WatchSession) at once.
func (s *Service) CachePrincipals(ctx context.Context, ttl time.Duration, peers Peers) {
	var c *principalCache
	if ttl > 0 {
		c = &principalCache{ttl: ttl, peers: peers, m: map[string]cachedPrincipal{}}
	}
	if peers != nil {
		changes := peers.PrincipalChanges(ctx)
		go func() {
			for range changes {
				if c != nil {
					c.invalidate()
				}
				s.changes.fire()
			}
		}()
	}
	if c != nil {
		s.cache.Store(c)
	}
}

// principalsChanged runs after a change to users, roles or revoked tokens
// committed: the local cache forgets everything, the peers are told, and the
// sessions being watched here are checked again.
func (s *Service) principalsChanged() {
	if c := s.cache.Load(); c != nil {
		c.invalidate()
		if c.peers != nil {
			c.peers.AnnouncePrincipalsChanged()
		}
	}
	s.changes.fire()
}

// principalsHook calls principalsChanged after every successful mutation of
// the entities a principal is read from, once its transaction commits (at
// once outside a transaction). Announcing before the commit would let a
// request re-read the old row and cache it after the invalidation.
func (s *Service) principalsHook() ent.Hook {
	return func(next ent.Mutator) ent.Mutator {
		return ent.MutateFunc(func(ctx context.Context, m ent.Mutation) (ent.Value, error) {
			v, err := next.Mutate(ctx, m)
			if err != nil || !affectsPrincipals(m) {
				return v, err
			}
			txm, ok := m.(interface{ Tx() (*ent.Tx, error) })
			if !ok {
				s.principalsChanged()
				return v, nil
			}
			tx, terr := txm.Tx()
			if terr != nil { // not in a transaction: already committed
				s.principalsChanged()
				return v, nil
			}
			tx.OnCommit(func(next ent.Committer) ent.Committer {
				return ent.CommitFunc(func(ctx context.Context, tx *ent.Tx) error {
					err := next.Commit(ctx, tx)
					if err == nil {
						s.principalsChanged()
					}
					return err
				})
			})
			return v, nil
		})
	}
}

// principalUserFields are the user columns a Principal is built from, or
// that decide whether a token still speaks for its user (session_version).
var principalUserFields = []string{user.FieldUsername, user.FieldIsActive, user.FieldRoleID, user.FieldSessionVersion}

// affectsPrincipals reports whether m, a mutation of users, roles or
// revoked tokens, can change what Authenticate answers for a token already
// issued. A new user has no tokens yet, and a sign-in stamping last_login_at
// (or a profile edit) changes nothing a principal holds; invalidating every
// instance's cache for those would only cost reads.
func affectsPrincipals(m ent.Mutation) bool {
	if m.Type() != ent.TypeUser {
		return true
	}
	if m.Op().Is(ent.OpCreate) {
		return false
	}
	if m.Op().Is(ent.OpDelete) || m.Op().Is(ent.OpDeleteOne) {
		return true
	}
	for _, f := range principalUserFields {
		if _, set := m.Field(f); set || m.FieldCleared(f) {
			return true
		}
		// session_version moves by AddSessionVersion, which ent records as
		// an added field, not a set one.
		if _, added := m.AddedField(f); added {
			return true
		}
	}
	return slices.Contains(m.AddedEdges(), user.EdgeRole) || slices.Contains(m.ClearedEdges(), user.EdgeRole)
}
