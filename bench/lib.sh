# Shared by bench/run, bench/compare, bench/soak and bench/postgraphile (sourced from the repository root): installs
# the load tools, builds the jar, defines the six shapes, and starts the service on the 1M-token embedded database
# under bench/.data (loaded on first use), with the JVM options of SERVICE_JVM.
USERS=${BENCH_USERS:-200000}
TOKENS=${BENCH_TOKENS:-1000000}
HTTP_PORT=${BENCH_HTTP_PORT:-18080}
PG_PORT=${BENCH_PG_PORT:-55432}
DATA=bench/.data
KEY=a0000000000000000000000000000000000admin
AUTH="Token $KEY"
# The JVM as the README tells a machine of 8 cores or fewer to run the service: a 256 MB heap, and four JIT compiler
# threads instead of the two the JVM starts on two cores, with which a fresh service needed 170-200 s of REST S1's load
# to reach its speed, against 90-100 s with four (README, "Production settings").
SERVICE_JVM="-Xmx256m -XX:CICompilerCount=4"
BASE="http://127.0.0.1:$HTTP_PORT"

# The six shapes of the benchmark: each one's REST query string and its GraphQL mirror (bench/run, bench/compare).
gql() { # a GraphQL document as a JSON request body
  printf '{"query":"%s"}' "$1"
}
FIELDS='totalCount results { id key userData { id username fullName } createdAt updatedAt }'
S6_KEY=bec7fdba22308f5823013a4642652ea49931d6c9

declare -A REST GRAPHQL
REST[S1]='limit=20'
REST[S2]='search=alex&limit=20'
REST[S3]='created_from=2025-03-01&created_to=2025-03-31&ordering=-created_at&limit=50'
REST[S4]='limit=20&offset=500000'
REST[S5]='id_min=400000&id_max=400100&ordering=-id'
REST[S6]="search=$S6_KEY&limit=20"
GRAPHQL[S1]="{ authTokens(limit: 20) { $FIELDS } }"
GRAPHQL[S2]="{ authTokens(search: \\\"alex\\\", limit: 20) { $FIELDS } }"
GRAPHQL[S3]="{ authTokens(filter: { createdFrom: \\\"2025-03-01\\\", createdTo: \\\"2025-03-31\\\" }, ordering: [{ field: CREATED_AT, direction: DESC }], limit: 50) { $FIELDS } }"
GRAPHQL[S4]="{ authTokens(limit: 20, offset: 500000) { $FIELDS } }"
GRAPHQL[S5]="{ authTokens(filter: { idMin: 400000, idMax: 400100 }, ordering: [{ field: ID, direction: DESC }], limit: 1000) { $FIELDS } }"
GRAPHQL[S6]="{ authTokens(search: \\\"$S6_KEY\\\", limit: 20) { $FIELDS } }"

wrk_result() { # method url body seconds connections [authorization, default $AUTH]: wrk's RESULT line (bench/wrk-report.lua)
  local threads=2
  [ "$5" -lt 2 ] && threads=1
  BENCH_METHOD=$1 BENCH_BODY=$3 BENCH_AUTH=${6:-$AUTH} wrk -t"$threads" -c"$5" -d"$4s" --timeout 30s \
    -s bench/wrk-report.lua "$2" | grep '^RESULT'
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_updated=false
need() { # need <command> <debian package>
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$apt_updated" = false ]; then as_root apt-get update -qq; apt_updated=true; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null
}

await_url() { # pid log url: polls the url (with the token) until it answers 2xx; stops if the process has ended
  until curl -fs -o /dev/null -H "Authorization: $AUTH" "$3"; do
    kill -0 "$1" 2>/dev/null || { echo "the service stopped; see $2"; exit 1; }
    sleep 2
  done
}

await_ready() { # pid base log: waits until the service answers the list, then until its own warm-up is over
  await_url "$1" "$3" "$2/api/users/auth_tokens?limit=1"
  echo "== it answers; waiting for its own warm-up (tokengate.warm-up.duration, 60 s): readiness is UP after it"
  await_url "$1" "$3" "$2/actuator/health/readiness"
}

start_service() { # builds and starts the service, waits until it answers and is warm; sets SERVICE and the PG* variables
  need wrk wrk
  need pgbench postgresql-client
  need psql postgresql-client
  need curl curl
  echo "== building the service"
  ./mvnw -q -B package -DskipTests
  local jar
  jar=$(ls target/tokengate-*.jar | grep -v original | head -n 1)
  mkdir -p "$DATA"
  echo "== starting the service (the first run loads $TOKENS tokens: a progress line per 100,000)"
  java $SERVICE_JVM ${BENCH_JVM_OPTS:-} -jar "$jar" --server.port="$HTTP_PORT" \
    --tokengate.embedded.data-dir="$DATA/pgdata" --tokengate.embedded.install-dir="$DATA" \
    --tokengate.embedded.port="$PG_PORT" --tokengate.demo.users="$USERS" --tokengate.demo.tokens="$TOKENS" \
    --tokengate.graphql.cursor-secret=bench --logging.level.root=warn \
    --logging.level.dev.tokengate.embedded=info "$@" > "$DATA/service.log" 2>&1 &
  SERVICE=$!
  trap 'kill $SERVICE 2>/dev/null || true; wait $SERVICE 2>/dev/null || true' EXIT
  tail -n +1 -f "$DATA/service.log" --pid=$SERVICE | grep --line-buffered -E 'Demo data|Empty database|ERROR' &
  await_ready $SERVICE "$BASE" "$DATA/service.log"
  export PGHOST=127.0.0.1 PGPORT=$PG_PORT PGUSER=postgres PGDATABASE=tokengate
}
