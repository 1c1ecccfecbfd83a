#!/usr/bin/env bash
# Generates the Java client of an OpenAPI document (usage: generate-java-client.sh SPEC OUT_DIR) with the pinned
# openapi-generator (scripts/java-client-tools.sh fetches it): Java 11's HttpClient and Jackson, Jakarta annotations.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/tool-versions.sh
java -jar ".tools/openapi-generator-cli-$OPENAPI_GENERATOR_VERSION.jar" generate -i "$1" -o "$2" -g java \
  --library native --group-id com.example --artifact-id box-sign-client \
  --api-package com.example.boxsign.api --model-package com.example.boxsign.model \
  --invoker-package com.example.boxsign \
  --additional-properties hideGenerationTimestamp=true,useJakartaEe=true,openApiNullable=false
