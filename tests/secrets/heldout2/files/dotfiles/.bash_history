cd ~/src/harbor-ledger
git pull --rebase
export OPENAI_API_KEY=$(pass show openai/prod)
curl -u deploy:3pKh8F6IltfKNLouLUcUa484Ft https://artifacts.hl.internal/repository/releases/ledger-2.3.1.tgz -O
tar xzf ledger-2.3.1.tgz
export GROQ_API_KEY=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
python3 scripts/eval.py --provider groq --limit 200
echo dckr_pat_dOLj2MQsu21X-AxVs65OLe8a6PG | docker login -u harborops --password-stdin
docker push harborops/ledger:2.3.1
git clone https://oauth2:glpat-lP2vHeP2mZeikOnTJvtJ@gitlab.com/harbor-ledger/infra.git
vault login hvs.CAESImM06UEjWNvhDRpXQRyTcIj9TuwkelSajYoVIp_ctRyGk6OfkAkHkj_O3lwcY_Jh0e5tt7dAqQ8hH4zMkOFgNRO
vault kv get -mount=kv ledger/prod
python3 -m build
twine upload -u __token__ -p pypi-AgEIcHlwaS5vcmcCJD4LoK5OeAeawE782kRWRUjAeUlbk0BpqSWrY6vy2mmIhZLlrz-QGiCqY0kD_S0GMbzUSR2rtxqKcf2jLnCiyAGfWy34AeyIuEo3ABTowWr-TkuPF8jfrCw2d3Zq9xuzKE31iuF4pPez3bBKLhX2tS8 dist/*
mysql -u root -pchangeme ledger_dev
ls -la
