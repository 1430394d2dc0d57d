terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.0, < 7.0"
    }
    random = {
      source  = "hashicorp/random"
      version = ">= 3.6"
    }
  }

  # terraform init -backend-config=bucket=<state bucket> -backend-config=key=live-comments/staging.tfstate
  #   -backend-config=region=<region> -backend-config=use_lockfile=true
  # The state holds the generated Redis AUTH token and JWT key: keep the bucket encrypted and private.
  backend "s3" {}
}

provider "aws" {
  region = var.region
  default_tags {
    tags = { project = "live-comments", env = "staging" }
  }
}
