// Command floor serves Q1 (the first 50 products by name with their on-hand
// quantity) the leanest way Go can: net/http, one pgx pool, the one joined
// statement of bench/raw_q1.sql, encoding/json. It is not part of Pandac; it
// measures the floor under any GraphQL server on this machine, so the
// distance between Pandac and raw SQL can be split into what HTTP, pgx and
// JSON cost and what GraphQL execution costs (bench/README.md):
//
//	DATABASE_URL=postgres://... go run ./bench/floor &
//	wrk -t2 -c32 -d10s --latency http://127.0.0.1:18190/q1
package main

import (
	"context"
	"encoding/json"
	"log"
	"net/http"
	"os"

	"github.com/jackc/pgx/v5/pgxpool"
)

// product is one row of the answer.
type product struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	SKU      string `json:"sku"`
	Price    int64  `json:"price"`
	Quantity int64  `json:"quantity"`
}

const q1 = `SELECT p.id::text, p.name, p.sku, p.price, coalesce(i.quantity, 0)
FROM products p LEFT JOIN inventories i ON i.product_id = p.id
ORDER BY p.name, p.id LIMIT 50`

func main() {
	pool, err := pgxpool.New(context.Background(), os.Getenv("DATABASE_URL"))
	if err != nil {
		log.Fatal(err)
	}
	http.HandleFunc("/q1", func(w http.ResponseWriter, r *http.Request) {
		rows, err := pool.Query(r.Context(), q1)
		if err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		defer rows.Close()
		out := make([]product, 0, 50)
		for rows.Next() {
			var p product
			if err := rows.Scan(&p.ID, &p.Name, &p.SKU, &p.Price, &p.Quantity); err != nil {
				http.Error(w, err.Error(), http.StatusInternalServerError)
				return
			}
			out = append(out, p)
		}
		if err := rows.Err(); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"data": map[string]any{"products": out}})
	})
	log.Fatal(http.ListenAndServe("127.0.0.1:18190", nil))
}
