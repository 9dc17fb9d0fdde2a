import Config

if config_env() == :prod do
  config :ledger, Ledger.Repo,
    url: "ecto://ledger:UjGLesWGA5e61lw_WT5S2wUU@pg-primary.hl.internal/ledger_prod",
    pool_size: 10

  config :ledger, LedgerWeb.Endpoint,
    url: [host: "ledger.harborledger.io", port: 443],
    secret_key_base: "SkHJe30g6jno219HEWZXQPtfga2+76b/b2QLeJ4lb5WMqODMV9To2Y+ztFcoH2i+"

  config :ex_aws,
    access_key_id: System.get_env("AWS_ACCESS_KEY_ID"),
    secret_access_key: System.get_env("AWS_SECRET_ACCESS_KEY")
end
