# Staging: the whole service in one region at its smallest (docs/capacity.md for production's
# numbers). Apply order and variables: terraform/README.md.

locals {
  name = "lc-staging"
}

module "network" {
  source             = "../../modules/network"
  name               = local.name
  az_count           = 3
  single_nat_gateway = true
}

module "comments_table" {
  source                = "../../modules/comments-table"
  table_name            = "${local.name}-comments"
  moderation_table_name = "${local.name}-comments-moderation"
  deletion_protection   = false
}

module "log" {
  source               = "../../modules/log"
  name                 = local.name
  vpc_id               = module.network.vpc_id
  subnet_ids           = module.network.private_subnet_ids
  broker_instance_type = "kafka.t3.small"
  broker_volume_gb     = 50
  partitions           = var.kafka_partitions
  retention_hours      = 24
  auth                 = "iam"
}

module "cache" {
  source             = "../../modules/cache"
  name               = local.name
  vpc_id             = module.network.vpc_id
  subnet_ids         = module.network.private_subnet_ids
  node_type          = "cache.t4g.small"
  shards             = 1
  replicas_per_shard = 1
}

module "edge" {
  source                     = "../../modules/edge"
  name                       = local.name
  vpc_id                     = module.network.vpc_id
  vpc_cidr                   = module.network.vpc_cidr
  public_subnet_ids          = module.network.public_subnet_ids
  certificate_arn            = var.certificate_arn
  api_extra_cidrs            = [for ip in module.network.nat_public_ips : "${ip}/32"]
  relay_deregistration_delay = var.relay_deregistration_delay
}

# The key that signs viewers' and commenters' tokens. Made here once; rotate it in Secrets Manager
# (terraform keeps whatever value is there).
resource "random_password" "jwt" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "jwt" {
  name = "${local.name}/jwt-secret"
}

resource "aws_secretsmanager_secret_version" "jwt" {
  secret_id     = aws_secretsmanager_secret.jwt.id
  secret_string = random_password.jwt.result

  lifecycle {
    ignore_changes = [secret_string]
  }
}

module "service" {
  source                  = "../../modules/service"
  name                    = local.name
  region                  = var.region
  image                   = var.image
  vpc_id                  = module.network.vpc_id
  private_subnet_ids      = module.network.private_subnet_ids
  alb_security_group_id   = module.edge.security_group_id
  target_group_arns       = module.edge.target_group_arns
  kafka_bootstrap         = module.log.bootstrap_brokers
  kafka_topic             = module.log.topic
  kafka_security          = module.log.security
  kafka_cluster_arn       = module.log.cluster_arn
  kafka_security_group_id = module.log.security_group_id
  kafka_port              = module.log.port
  redis_uri               = module.cache.uri
  redis_auth_secret_arn   = module.cache.auth_secret_arn
  redis_security_group_id = module.cache.security_group_id
  dynamo_table_name       = module.comments_table.table_name
  dynamo_table_arn        = module.comments_table.table_arn
  moderation_table_name   = module.comments_table.moderation_table_name
  moderation_table_arn    = module.comments_table.moderation_table_arn
  jwt_secret_arn          = aws_secretsmanager_secret.jwt.arn
  upstream_url            = "https://${var.api_domain}"
  drain_seconds           = var.relay_drain_seconds
  min_tasks               = { origin = 1, relay = 1, poller = 1 }
  max_tasks               = { origin = 2, relay = 4, poller = 2 }
  cpu                     = { origin = 1024, relay = 1024, poller = 512 }
  memory                  = { origin = 2048, relay = 2048, poller = 1024 }
}

resource "aws_route53_record" "api" {
  zone_id = var.zone_id
  name    = var.api_domain
  type    = "A"
  alias {
    name                   = module.edge.api_dns_name
    zone_id                = module.edge.api_zone_id
    evaluate_target_health = true
  }
}

resource "aws_route53_record" "relay" {
  zone_id = var.zone_id
  name    = var.relay_domain
  type    = "A"
  alias {
    name                   = module.edge.relay_dns_name
    zone_id                = module.edge.relay_zone_id
    evaluate_target_health = true
  }
}

module "cdn" {
  source = "../../modules/cdn"
  name   = "staging"
  origin_domains = {
    origin = var.api_domain
    poller = var.api_domain
    relays = var.relay_domain
  }
  origin_shield_region = var.region
  price_class          = "PriceClass_100"
}
