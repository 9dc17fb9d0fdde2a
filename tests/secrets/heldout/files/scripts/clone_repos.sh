#!/usr/bin/env bash
set -euo pipefail
cd "$(dirname "$0")/../vendor"
git clone https://x-access-token:ghs_0BVbQHZoyYs12YaKg9jUYkyd73gG5M3aPb2Y@github.com/lumen-freight/rates-engine.git
git clone https://github.com/lumen-freight/public-docs.git
git clone "https://${GH_TOKEN}@github.com/lumen-freight/carrier-sdk.git"
git clone https://ci:ghp_XQH1IDia2K92sjP4602JBuTFEs6V7bTYHYc1@github.com/lumen-freight/legacy-edi.git
