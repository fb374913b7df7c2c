#!/usr/bin/env bash
# Smoke test of the local OpenSearch node for what Dengar's PostStore adapter relies on:
# health, the built-in `indonesian` analyzer, a composable index template with an alias, bulk
# indexing, full-text search with stemming, date_histogram in WIB, significant_terms, a write
# alias, _delete_by_query and a Painless script. Uses curl, and node for JSON checks. Fails loudly on the first
# mismatch (exit 1, with the response). Leaves nothing behind (index + template removed).
# Usage: smoke.sh [base URL]   (default: http://127.0.0.1:$OPENSEARCH_PORT)
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/env.sh"
URL="${1:-$OPENSEARCH_URL}"
PREFIX="dengar-smoke-$$"
INDEX="$PREFIX-posts-000001"
passed=0

cleanup() {
  curl -s -o /dev/null -X DELETE "$URL/$PREFIX-*" || true
  curl -s -o /dev/null -X DELETE "$URL/_index_template/$PREFIX-tpl" || true
}
trap cleanup EXIT

# req METHOD PATH [JSON body] -> sets $body; any non-2xx status fails the run.
req() {
  local method="$1" path="$2" data="${3:-}" status
  local args=(-s -o /tmp/"$PREFIX".json -w '%{http_code}' -X "$method" "$URL$path")
  if [[ -n "$data" ]]; then
    local type=application/json
    [[ "$path" == *_bulk* ]] && type=application/x-ndjson
    args+=(-H "content-type: $type" --data-binary "$data")
  fi
  status="$(curl "${args[@]}")" || { echo "FAIL: $method $path: no answer from $URL" >&2; exit 1; }
  body="$(cat /tmp/"$PREFIX".json)"
  rm -f /tmp/"$PREFIX".json
  if [[ "$status" != 2* ]]; then
    echo "FAIL: $method $path -> HTTP $status" >&2
    echo "$body" >&2
    exit 1
  fi
}

# check NAME JS-EXPRESSION: the expression sees the last response as `r`; falsy fails the run.
check() {
  local name="$1" expr="$2"
  if ! node -e '
    const r = JSON.parse(process.argv[1]);
    const ok = (0, eval)("(r) => (" + process.argv[2] + ")")(r);
    if (!ok) process.exit(1);
  ' "$body" "$expr"; then
    echo "FAIL: $name" >&2
    echo "  expected: $expr" >&2
    echo "  response: $body" >&2
    exit 1
  fi
  echo "ok   $name"
  passed=$((passed + 1))
}

# 1. Health
req GET "/_cluster/health"
check "cluster health is green or yellow" '["green","yellow"].includes(r.status)'

# 2. Indonesian analyzer (Lucene's IndonesianStemmer: stop word "di" dropped, affixes stripped).
req POST "/_analyze" '{"analyzer":"indonesian","text":"Pemerintah provinsi menanggulangi banjir di Palembang"}'
check "indonesian analyzer stems the sample sentence" \
  'JSON.stringify(r.tokens.map(t => t.token)) === JSON.stringify(["erintah","provinsi","anggulang","banjir","palembang"])'
req POST "/_analyze" '{"analyzer":"indonesian","text":"kebanjiran penanggulangan perjalanan"}'
check "indonesian analyzer strips ke-an / pe-an / per-an" \
  'JSON.stringify(r.tokens.map(t => t.token)) === JSON.stringify(["banjir","tanggulang","jalan"])'

# 3. Composable index template (settings, mapping, read alias) picked up by a new index.
req PUT "/_index_template/$PREFIX-tpl" '{
  "index_patterns": ["'"$PREFIX"'-posts-*"],
  "priority": 500,
  "template": {
    "settings": {"number_of_shards": 1, "number_of_replicas": 0},
    "aliases": {"'"$PREFIX"'-read": {}},
    "mappings": {
      "dynamic": "strict",
      "properties": {
        "text": {"type": "text", "analyzer": "indonesian"},
        "platform": {"type": "keyword"},
        "region": {"type": "keyword"},
        "topic": {"type": "keyword"},
        "publishedAt": {"type": "date"}
      }
    }
  }
}'
check "index template accepted" 'r.acknowledged === true'
req PUT "/$INDEX"
check "index created" 'r.acknowledged === true'
req GET "/_cluster/health/$INDEX?wait_for_status=green&timeout=10s"
check "new index is green on one node" 'r.status === "green"'
req GET "/$INDEX/_mapping"
check "template mapping applied (indonesian analyzer, keyword region)" \
  'Object.values(r)[0].mappings.properties.text.analyzer === "indonesian" && Object.values(r)[0].mappings.properties.region.type === "keyword"'
req POST "/_aliases" '{"actions":[{"add":{"index":"'"$INDEX"'","alias":"'"$PREFIX"'-write","is_write_index":true}}]}'
check "write alias added" 'r.acknowledged === true'
req GET "/_alias/$PREFIX-read"
check "read alias from the template points at the index" 'Object.keys(r).includes("'"$INDEX"'")'

# 4. Bulk through the write alias. Times are UTC; WIB = UTC+7, so docs 1, 3, 4 change day in WIB.
bulk=""
add() { bulk+='{"index":{"_id":"'"$1"'"}}'$'\n''{"platform":"x","region":"'"$2"'","topic":"'"$3"'","text":"'"$4"'","publishedAt":"'"$5"'"}'$'\n'; }
add 1 palembang banjir "Pemerintah provinsi menanggulangi banjir di Palembang" 2025-03-01T18:30:00Z
add 2 palembang banjir "Warga Palembang kebanjiran sejak pagi" 2025-03-02T02:00:00Z
add 3 palembang banjir "Banjir rendam jalan protokol Palembang" 2025-03-02T16:59:00Z
add 4 palembang infrastruktur "Jembatan Ampera dicat ulang" 2025-03-02T17:00:00Z
add 5 lahat pendidikan "Sekolah baru diresmikan di Lahat" 2025-03-01T10:00:00Z
add 6 lahat kesehatan "Puskesmas Lahat tambah dokter" 2025-03-03T01:00:00Z
add 7 prabumulih pendidikan "Beasiswa untuk pelajar Prabumulih" 2025-03-03T05:00:00Z
add 8 prabumulih infrastruktur "Perbaikan jalan di Prabumulih" 2025-03-01T12:00:00Z
add 9 lubuklinggau kesehatan "Vaksinasi anak di Lubuklinggau" 2025-03-02T05:00:00Z
add 10 lubuklinggau pendidikan "Guru honorer Lubuklinggau menunggu kepastian" 2025-03-03T10:00:00Z
req POST "/$PREFIX-write/_bulk?refresh=wait_for" "$bulk"
check "bulk indexed 10 docs without errors" 'r.errors === false && r.items.length === 10'
req GET "/$PREFIX-read/_count"
check "10 docs visible through the read alias" 'r.count === 10'

# 5. Full-text search: "kebanjiran" and "banjir" share the stem.
req POST "/$PREFIX-read/_search" '{"query":{"match":{"text":"kebanjiran"}},"_source":false}'
check "match 'kebanjiran' finds the 3 banjir posts" \
  'r.hits.total.value === 3 && r.hits.hits.map(h => h._id).sort().join() === "1,2,3"'
req POST "/$PREFIX-read/_search" '{"query":{"bool":{"filter":[{"term":{"region":"palembang"}}],"must":[{"match":{"text":"jalan"}}]}}}'
check "keyword filter + match" 'r.hits.total.value === 1 && r.hits.hits[0]._id === "3"'

# 6. date_histogram per WIB day (the UTC split would be 3/4/3).
req POST "/$PREFIX-read/_search" '{"size":0,"aggs":{"perDay":{"date_histogram":{"field":"publishedAt","calendar_interval":"day","time_zone":"Asia/Jakarta","format":"yyyy-MM-dd"}}}}'
check "date_histogram in Asia/Jakarta buckets 2/4/4" \
  'r.aggregations.perDay.buckets.map(b => b.key_as_string + "=" + b.doc_count).join() === "2025-03-01=2,2025-03-02=4,2025-03-03=4"'
check "WIB buckets start at 17:00 UTC" 'r.aggregations.perDay.buckets[0].key === Date.parse("2025-02-28T17:00:00Z")'

# 7. significant_terms: topics over-represented in Palembang against the whole index.
req POST "/$PREFIX-read/_search" '{"size":0,"query":{"term":{"region":"palembang"}},"aggs":{"sig":{"significant_terms":{"field":"topic","min_doc_count":2}}}}'
check "significant_terms finds 'banjir' for Palembang" \
  'r.aggregations.sig.buckets.length >= 1 && r.aggregations.sig.buckets[0].key === "banjir" && r.aggregations.sig.buckets[0].doc_count === 3'

# 8. _delete_by_query (reindex module).
req POST "/$PREFIX-read/_delete_by_query?refresh=true" '{"query":{"term":{"region":"lahat"}}}'
check "_delete_by_query removed the 2 Lahat posts" 'r.deleted === 2 && r.failures.length === 0'
req GET "/$PREFIX-read/_count"
check "8 docs left" 'r.count === 8'

# 9. Painless (scripts: update_by_query, script_score) runs at all.
req POST "/_scripts/painless/_execute" '{"script":{"source":"params.a * 2","params":{"a":21}}}'
check "painless script executes" 'r.result === "42"'

echo "opensearch smoke: $passed passed, 0 failed ($URL)"
