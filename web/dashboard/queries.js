// Every GraphQL document the dashboard sends lives in this file, so a change in
// the server's schema is fixed in one place. Field names follow the contract in
// DESIGN.md; money fields are Decimal strings such as "34.99".

export const LOGIN = `mutation Login($username: String!, $password: String!) {
  login(input: {username: $username, password: $password}) {
    accessToken
    refreshToken
    expiresIn
    user { id username }
  }
}`;

export const REFRESH = `mutation Refresh($refreshToken: String!) {
  refreshToken(refreshToken: $refreshToken) {
    accessToken
    refreshToken
    expiresIn
    user { id username }
  }
}`;

export const LOGOUT = `mutation Logout($refreshToken: String!) {
  logout(refreshToken: $refreshToken)
}`;

// Today's figures (the server picks today in the store's time zone when `date`
// is omitted) and the low-stock list, in one round trip.
export const TODAY = `query Today {
  dailySalesSummary {
    date
    timezone
    saleCount
    grossSales
    discountTotal
    taxTotal
    netSales
    averageBasket
    byHour { hour saleCount netSales }
    byPaymentMethod { method amount count }
  }
  inventoryReport(lowStockOnly: true) {
    items {
      product { id name sku }
      quantity
      reorderLevel
    }
  }
}`;

// Best sellers between two instants (ISO 8601), typically store midnight and
// now. The values are written into the document rather than passed as
// variables so the dashboard does not depend on the name of the server's
// date-time scalar.
export function topProducts(from, to, limit) {
  const str = (v) => JSON.stringify(String(v));
  return `query TopProducts {
  topProducts(from: ${str(from)}, to: ${str(to)}, limit: ${Number(limit) | 0}) {
    product { id name }
    quantity
    revenue
  }
}`;
}

export const SALE_COMPLETED = `subscription SaleCompleted {
  saleCompleted {
    id
    total
    completedAt
    itemCount
    cashier { displayName }
  }
}`;

// ---- sales analytics -------------------------------------------------------
// Every analytics widget reads salesAnalytics, one document per widget. $cur
// and $prev are SalesAnalyticsInput values for the chosen period and the one
// of the same length just before it.

const VALUE = 'measure amount count percent';

// Headline figures of both periods. Measures any signed-in role may ask for.
export const ANALYTICS_KPIS = `query DashboardAnalyticsKpis($cur: SalesAnalyticsInput!, $prev: SalesAnalyticsInput!) {
  current: salesAnalytics(input: $cur) { totals { ${VALUE} } }
  previous: salesAnalytics(input: $prev) { totals { ${VALUE} } }
}`;

// Gross profit and margin need the REPORTS permission; they have their own
// request, so a FORBIDDEN answer only hides these two cards.
export const ANALYTICS_PROFIT = `query DashboardAnalyticsProfit($cur: SalesAnalyticsInput!, $prev: SalesAnalyticsInput!) {
  current: salesAnalytics(input: $cur) { totals { ${VALUE} } }
  previous: salesAnalytics(input: $prev) { totals { ${VALUE} } }
}`;

// Net sales and sale count per time bucket (HOUR_OF_DAY for one day, DAY,
// WEEK or MONTH for longer periods) for both periods.
export const ANALYTICS_TREND = `query DashboardAnalyticsTrend($cur: SalesAnalyticsInput!, $prev: SalesAnalyticsInput!) {
  current: salesAnalytics(input: $cur) {
    rows { keys { label number periodStart } values { ${VALUE} } }
  }
  previous: salesAnalytics(input: $prev) {
    rows { keys { label number periodStart } values { ${VALUE} } }
  }
}`;

// Net sales and units per product category, best first.
export const ANALYTICS_CATEGORIES = `query DashboardAnalyticsCategories($in: SalesAnalyticsInput!) {
  salesAnalytics(input: $in) {
    rows { keys { label category } values { ${VALUE} } }
    totals { ${VALUE} }
  }
}`;

// Weekday x hour of day: a pivot. pivot gives the axes, emptyCells the number
// of (weekday, hour) pairs without sales.
export const ANALYTICS_HEATMAP = `query DashboardAnalyticsHeatmap($in: SalesAnalyticsInput!) {
  salesAnalytics(input: $in) {
    rows { keys { label number } values { ${VALUE} } }
    pivot { rows { label number } columns { label number } }
    emptyCells
  }
}`;
