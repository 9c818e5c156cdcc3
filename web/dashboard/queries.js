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
