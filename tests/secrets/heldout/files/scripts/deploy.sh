#!/usr/bin/env bash
# Deploys the freight API to the staging cluster.
set -euo pipefail

export AWS_ACCESS_KEY_ID=AKIAJQX2XQLMIRXRTQ2B
export AWS_SECRET_ACCESS_KEY=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
export AWS_DEFAULT_REGION=eu-west-1

RELEASE=$(curl -fsSL -H "Authorization: token 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" \
  https://api.github.com/repos/lumen-freight/freight-api/releases/latest | jq -r .tag_name)

wget --header="PRIVATE-TOKEN: glpat-jpwSNskjnO258qBqXl_m" \
  "https://gitlab.lumenfreight.io/api/v4/projects/42/packages/generic/freight-api/${RELEASE}/freight-api.tar.gz"

curl -fsS -u "deployer:OM-ELmHMRWyyUSm8xlaZ.WYn" -T freight-api.tar.gz https://nexus.internal.lumenfreight.io/repository/releases/

doctl auth init -t "$DO_TOKEN"
curl -fsS -H "DD-API-KEY: ${DD_API_KEY}" https://api.datadoghq.eu/api/v1/events -d "{\"title\":\"deploy ${RELEASE}\"}"
