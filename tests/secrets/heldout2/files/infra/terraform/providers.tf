terraform {
  required_providers {
    aws        = { source = "hashicorp/aws", version = "~> 5.40" }
    cloudflare = { source = "cloudflare/cloudflare", version = "~> 4.30" }
    tfe        = { source = "hashicorp/tfe", version = "~> 0.58" }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = "AKIA5GSS6VROH55RGLE3"
  secret_key = "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"
}

provider "cloudflare" {
  api_token = "kTY2u_zkYZ_AqaST5yyuOJJFEnaBJq5D6-MVS8cO"
}

provider "tfe" {
  hostname = "app.terraform.io"
  token    = var.tfe_token
}
