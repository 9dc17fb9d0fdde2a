terraform {
  required_providers {
    aws          = { source = "hashicorp/aws", version = "~> 5.40" }
    digitalocean = { source = "digitalocean/digitalocean", version = "~> 2.36" }
  }
}

provider "aws" {
  region     = "eu-west-1"
  access_key = var.aws_access_key
  secret_key = var.aws_secret_key
}

provider "digitalocean" {
  token = "dop_v1_193b6269924d1a3e172c783c0d43f789e6857687997323e4c9bf0ad51d8bb5e2"
}

variable "db_password" {
  type      = string
  sensitive = true
}

resource "aws_db_instance" "freight" {
  identifier        = "freight-prod"
  engine            = "postgres"
  instance_class    = "db.t4g.medium"
  allocated_storage = 100
  username          = "freight"
  password          = var.db_password
}

resource "aws_iam_role_policy_attachment" "ops" {
  role       = "ops"
  policy_arn = "arn:aws:iam::965818307314:policy/OpsReadOnly"
}
