#!/usr/bin/env bash
# Regenerates src/pb/*.ts from protocols/*.proto (protons). Run after editing a .proto.
set -euo pipefail
cd "$(dirname "$0")/.."
for proto in protocols/*.proto; do
  npx protons "$proto"
  mv "${proto%.proto}.ts" "src/pb/$(basename "${proto%.proto}").ts"
done
