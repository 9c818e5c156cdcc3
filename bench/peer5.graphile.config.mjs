// PostGraphile 5 for scripts/bench-peer.sh: the amber preset over the seeded
// database's public schema, served by grafserv on node, loopback only,
// GraphiQL (ruru) and watch mode off. scripts/bench-peer.sh copies this file
// into the directory holding postgraphile@5 (so its imports resolve there)
// and starts it with Node 22 and NODE_ENV=production; the database URL and
// the port come from the environment.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";

const connectionString = process.env.PEER5_DATABASE_URL;
if (!connectionString) throw new Error("PEER5_DATABASE_URL is not set");

/** @type {GraphileConfig.Preset} */
const preset = {
  extends: [PostGraphileAmberPreset],
  pgServices: [makePgService({ connectionString, schemas: ["public"] })],
  grafserv: {
    host: "127.0.0.1",
    port: Number(process.env.PEER5_PORT || 5678),
    graphiql: false,
    graphqlOverGET: false,
    watch: false,
  },
  grafast: { explain: false },
};

export default preset;
