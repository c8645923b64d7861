// PostGraphile 5 over the benchmark database, production-like: no watch, no GraphiQL, no explain.
import { PostGraphileAmberPreset } from "postgraphile/presets/amber";
import { makePgService } from "postgraphile/adaptors/pg";
import { PostGraphileConnectionFilterPreset } from "postgraphile-plugin-connection-filter";

export default {
  extends: [PostGraphileAmberPreset, PostGraphileConnectionFilterPreset],
  pgServices: [
    makePgService({
      connectionString: process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:55432/tokengate",
      schemas: ["public"],
      pubsub: false,
      // 16 connections per process, as many as wrk opens (the pg default is 10).
      // application_name lets bench/postgraphile wait for the queries that wrk left behind between two shapes.
      poolConfig: { max: Number(process.env.PG_POOL_MAX ?? 16), application_name: "postgraphile-bench" },
    }),
  ],
  // Amber offers filter and order only on indexed columns; the search needs the owner's unindexed names, and the
  // databases this runs on differ in their indexes, so every column is filterable and orderable.
  disablePlugins: ["PgIndexBehaviorsPlugin"],
  schema: {
    // The search crosses the owner: `userByUserId: { ... }` inside an auth-token filter.
    connectionFilterRelations: true,
  },
  grafserv: {
    port: Number(process.env.PORT ?? 15678),
    host: "127.0.0.1",
    graphiql: false,
    watch: false,
    websockets: false,
  },
  grafast: {
    explain: false,
  },
};
