package events_test

import (
	"context"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/pandac/pandac/internal/events"
	"github.com/pandac/pandac/internal/pos"
)

func recv(t *testing.T, ch <-chan uuid.UUID) uuid.UUID {
	t.Helper()
	select {
	case id, ok := <-ch:
		if !ok {
			t.Fatal("subscription closed")
		}
		return id
	case <-time.After(5 * time.Second):
		t.Fatal("no event within 5s")
	}
	return uuid.Nil
}

func quiet(t *testing.T, ch <-chan uuid.UUID, d time.Duration) {
	t.Helper()
	select {
	case id := <-ch:
		t.Fatalf("unexpected event %s", id)
	case <-time.After(d):
	}
}

func TestBusFanOutByKind(t *testing.T) {
	b := events.New()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s1 := b.Subscribe(ctx, pos.EventSaleCompleted)
	s2 := b.Subscribe(ctx, pos.EventSaleCompleted)
	low := b.Subscribe(ctx, pos.EventStockLow)

	id := uuid.New()
	b.Publish(ctx, pos.Event{Kind: pos.EventSaleCompleted, ID: id})
	if recv(t, s1) != id || recv(t, s2) != id {
		t.Fatal("a subscriber got the wrong id")
	}
	quiet(t, low, 50*time.Millisecond)
}

func TestBusDropsForSlowSubscriberWithoutBlocking(t *testing.T) {
	b := events.New()
	ctx, cancel := context.WithCancel(context.Background())
	slow := b.Subscribe(ctx, pos.EventStockLow)
	fast := b.Subscribe(ctx, pos.EventStockLow)

	const n = events.SubscriberBuffer + 36
	done := make(chan struct{})
	got := 0
	go func() {
		defer close(done)
		for range fast {
			got++
		}
	}()
	start := time.Now()
	for range n {
		b.Publish(ctx, pos.Event{Kind: pos.EventStockLow, ID: uuid.New()})
		time.Sleep(time.Millisecond) // let the fast reader keep up
	}
	if el := time.Since(start); el > 2*time.Second {
		t.Errorf("publishing %d events took %s", n, el)
	}
	if d := b.Dropped(); d != n-events.SubscriberBuffer {
		t.Errorf("dropped %d, want %d (the slow subscriber's overflow only)", d, n-events.SubscriberBuffer)
	}
	if len(slow) != events.SubscriberBuffer {
		t.Errorf("slow subscriber holds %d events, want a full buffer of %d", len(slow), events.SubscriberBuffer)
	}
	cancel()
	<-done
	if got != n {
		t.Errorf("fast subscriber got %d of %d", got, n)
	}
	for range slow { // closed once ctx ends
	}
	deadline := time.Now().Add(2 * time.Second)
	for b.Subscribers(pos.EventStockLow) != 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if b.Subscribers(pos.EventStockLow) != 0 {
		t.Error("cancelled subscriptions are still registered")
	}
}
