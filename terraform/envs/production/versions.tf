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

  # terraform init -backend-config=bucket=<state bucket> -backend-config=key=live-comments/production.tfstate
  #   -backend-config=region=<region> -backend-config=use_lockfile=true
  # The state holds the generated Redis AUTH token and JWT key: keep the bucket encrypted and private.
  backend "s3" {}
}

provider "aws" {
  region = var.primary_region
  default_tags {
    tags = { project = "live-comments", env = "production" }
  }
}

# The two other relay regions. Each gets its own network, relay load balancer and relay service;
# their relays subscribe to the origin in the primary region.
provider "aws" {
  alias  = "eu"
  region = var.eu_region
  default_tags {
    tags = { project = "live-comments", env = "production" }
  }
}

provider "aws" {
  alias  = "ap"
  region = var.ap_region
  default_tags {
    tags = { project = "live-comments", env = "production" }
  }
}
