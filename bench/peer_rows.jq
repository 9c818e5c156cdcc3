# Reduces an answer to Q1, Q2 or Q3, from pandac (bench/q*.graphql) or from
# PostGraphile 4 or 5 (bench/peer_q*.graphql, bench/peer5_q*.graphql), to the
# same rows, so scripts/bench-peer.sh can check that all three answer alike
# before it measures them. Money becomes integer cents (ours answers "6.69",
# PostGraphile the bigint column as "669"), counts become numbers, timestamps
# end in Z without trailing zeros, the one-to-many inventory becomes a list of
# quantities, and a sale's lines are sorted (neither side orders them).
def cents: if type == "string" and test("\\.") then (tonumber * 100 | round) else tonumber end;
def num: if . == null then null else tonumber end;
def ts: sub("\\+00(:00)?$"; "Z") | sub("(?<a>\\.[0-9]*[1-9])0+Z$"; "\(.a)Z") | sub("\\.0*Z$"; "Z");
def product:
  { id, name, sku, price: (.price | cents),
    quantities: ((if has("inventory") then [.inventory | select(. != null)]
                  else .inventoriesByProductId.nodes end) | map(.quantity | num) | sort) };
def line:
  { quantity: (.quantity | num), unitPrice: (.unitPrice | cents),
    product: ((.product // .productByProductId) | if . == null then null else .name end) };
def sale:
  { id, total: (.total | cents), createdAt: (.createdAt | ts),
    customer: ((if has("customer") then .customer else .customerByCustomerId end) | if . == null then null else .name end),
    items: ((.items // .posSaleItemsBySaleId.nodes) | map(line) | sort_by(.product, .quantity, .unitPrice)) };

if .errors then error("answer has errors: \(.errors | tostring | .[0:300])") else .data end
| if has("products") then {q1: [.products.edges[].node | product]}
  elif has("allProducts") then {q1: [.allProducts.nodes[] | product]}
  elif has("sales") then {q2: [.sales.edges[].node | sale]}
  elif has("allPosSales") then {q2: [.allPosSales.nodes[] | sale]}
  elif has("node") then {q3: (.node | if . == null then null else product end)}
  elif has("productById") then {q3: (.productById | if . == null then null else product end)}
  elif has("productByRowId") then {q3: (.productByRowId | if . == null then null else product end)}
  else error("unknown answer: \(keys)") end
