package server

import (
	"context"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/pandac/pandac/internal/pos"
)

// domainMetrics counts business outcomes, as opposed to HTTP traffic: sales
// completed and stock running out. It hears pos events (published only after
// their transaction commits, so a rolled-back checkout is never counted).
type domainMetrics struct {
	checkouts prometheus.Counter
	stockLow  prometheus.Counter
	stockOuts prometheus.Counter
}

func newDomainMetrics(reg prometheus.Registerer) *domainMetrics {
	d := &domainMetrics{
		checkouts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pandac_checkouts_total", Help: "Sales completed (committed checkouts).",
		}),
		stockLow: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pandac_stock_low_total", Help: "Times a product fell to its reorder level.",
		}),
		stockOuts: prometheus.NewCounter(prometheus.CounterOpts{
			Name: "pandac_stock_outs_total", Help: "Requests refused because a product had too little stock.",
		}),
	}
	reg.MustRegister(d.checkouts, d.stockLow, d.stockOuts)
	return d
}

// Publish implements pos.Publisher.
func (d *domainMetrics) Publish(_ context.Context, e pos.Event) {
	switch e.Kind {
	case pos.EventSaleCompleted:
		d.checkouts.Inc()
	case pos.EventStockLow:
		d.stockLow.Inc()
	}
}

// StockOut counts a request refused for insufficient stock. Ports call it
// when they answer with INSUFFICIENT_STOCK; it is safe on a nil Metrics.
func (m *Metrics) StockOut() {
	if m != nil && m.domain != nil {
		m.domain.stockOuts.Inc()
	}
}
