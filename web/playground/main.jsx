import './monaco-env.js';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { useMemo, useState } from 'react';
import { createRoot } from 'react-dom/client';
import 'graphiql/style.css';
import './playground.css';
import { DEFAULT_HEADERS, rememberLogin, resolveHeaders } from './auth.js';

const DEFAULT_QUERY = `# Pandac POS GraphQL playground.
#
# Run the login mutation (second tab) first.
# Ctrl-Enter runs a query, Ctrl-Space completes,
# the book icon opens the schema documentation.

query Products {
  products(first: 10, orderBy: {field: NAME, direction: ASC}) {
    totalCount
    edges {
      node {
        id
        name
        sku
        price
        inventory {
          quantity
          reorderLevel
        }
      }
    }
  }
}
`;

const LOGIN_MUTATION = `mutation Login {
  login(input: {username: "admin", password: "change-me"}) {
    accessToken
    refreshToken
    expiresIn
    user {
      id
      username
    }
  }
}
`;

const SALES_SUBSCRIPTION = `# Runs over a WebSocket to this server.
subscription SaleCompleted {
  saleCompleted {
    id
    total
    completedAt
    itemCount
    cashier {
      displayName
    }
  }
}
`;

const ANALYTICS_QUERY = `# Sales analytics: one grouped query for any report.
# Two groupBy dimensions give a pivot (pivot lists both axes,
# emptyCells counts the pairs without sales). Money is a Decimal
# string; MARGIN is a percent. The time zone defaults to the store's.
# Edit from/to in the variables below; try DAY, CATEGORY, CASHIER,
# PAYMENT_METHOD ... (see AnalyticsDimension in the docs).

query Analytics($from: Time!, $to: Time!, $timezone: String) {
  salesAnalytics(
    input: {
      from: $from
      to: $to
      timezone: $timezone
      groupBy: [CATEGORY, WEEKDAY]
      measures: [NET, UNITS, SALE_COUNT]
      orderBy: [{dimension: CATEGORY, direction: ASC}, {dimension: WEEKDAY, direction: ASC}]
      withTotals: true
    }
  ) {
    dimensions
    measures
    pivot {
      rows { label }
      columns { label number }
    }
    emptyCells
    rows {
      keys { dimension label }
      values { measure amount count percent }
    }
    totals { measure amount count percent }
  }
}
`;

// The last 30 whole days (UTC midnights), so the example runs as it is.
function analyticsVariables() {
  const day = 24 * 60 * 60 * 1000;
  const to = new Date(Math.floor(Date.now() / day) * day + day);
  const from = new Date(to.getTime() - 30 * day);
  return JSON.stringify({ from: from.toISOString(), to: to.toISOString() }, null, 2);
}

const wsScheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';

const baseFetcher = createGraphiQLFetcher({
  url: '/graphql',
  // The server answers plain JSON; multipart (@defer) responses are not used.
  enableIncrementalDelivery: false,
  subscriptionUrl: `${wsScheme}//${window.location.host}/graphql`,
  // Read when a subscription starts; the headers editor, passed in by GraphiQL,
  // takes precedence over these values.
  wsConnectionParams: {
    get Authorization() {
      return resolveHeaders({}).Authorization;
    },
  },
});

// Playground gives GraphiQL a new fetcher after each sign-in: GraphiQL
// fetches the schema again when its fetcher changes, and the server only
// answers introspection to signed-in callers (PANDAC_PUBLIC_INTROSPECTION).
function Playground() {
  const [signIns, setSignIns] = useState(0);
  const fetcher = useMemo(
    () =>
      async function fetcher(params, opts = {}) {
        const headers = resolveHeaders(opts.headers);
        const result = await baseFetcher(params, { ...opts, headers });
        if (result && typeof result === 'object' && !(Symbol.asyncIterator in result)) {
          if (rememberLogin(result)) setSignIns((n) => n + 1);
        }
        return result;
      },
    [signIns],
  );
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={DEFAULT_QUERY}
      defaultHeaders={DEFAULT_HEADERS}
      defaultTabs={[
        { query: DEFAULT_QUERY, headers: DEFAULT_HEADERS },
        { query: LOGIN_MUTATION, headers: DEFAULT_HEADERS },
        { query: SALES_SUBSCRIPTION, headers: DEFAULT_HEADERS },
        { query: ANALYTICS_QUERY, variables: analyticsVariables(), headers: DEFAULT_HEADERS },
      ]}
      isHeadersEditorEnabled
      defaultEditorToolsVisibility="headers"
    >
      <GraphiQL.Logo>Pandac POS</GraphiQL.Logo>
    </GraphiQL>
  );
}

const root = createRoot(document.getElementById('graphiql'));
root.render(<Playground />);
