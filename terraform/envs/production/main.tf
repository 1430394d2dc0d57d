# Production: origin, poller and backends in the primary region; relays in three regions behind
# one CloudFront distribution, which reaches the nearest region through one latency-routed name.
# Apply order and variables: terraform/README.md; sizes: docs/capacity.md.

locals {
  name = "lc-prod"
}

# --- primary region: backends, origin, poller, relays ------------------------------------------

module "network" {
  source = "../../modules/network"
  name   = local.name
}

module "comments_table" {
  source = "../../modules/comments-table"
}

module "log" {
  source     = "../../modules/log"
  name       = local.name
  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnet_ids
  partitions = var.kafka_partitions
  auth       = "iam"
}

module "cache" {
  source     = "../../modules/cache"
  name       = local.name
  vpc_id     = module.network.vpc_id
  subnet_ids = module.network.private_subnet_ids
  shards     = var.redis_shards
}

module "edge" {
  source                     = "../../modules/edge"
  name                       = local.name
  vpc_id                     = module.network.vpc_id
  vpc_cidr                   = module.network.vpc_cidr
  public_subnet_ids          = module.network.public_subnet_ids
  certificate_arn            = var.certificate_arns["primary"]
  relay_deregistration_delay = var.relay_deregistration_delay
  api_extra_cidrs = [
    for ip in concat(module.network.nat_public_ips, module.network_eu.nat_public_ips, module.network_ap.nat_public_ips) : "${ip}/32"
  ]
}

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
  name                    = "${local.name}-primary"
  region                  = var.primary_region
  image                   = var.image["primary"]
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
  relay_streams_target    = var.relay_streams_target
  max_tasks               = { origin = 40, relay = var.relay_max_tasks["primary"], poller = 12 }
}

# --- second region: relays only ------------------------------------------------------------------

module "network_eu" {
  source    = "../../modules/network"
  providers = { aws = aws.eu }
  name      = local.name
}

module "edge_eu" {
  source                     = "../../modules/edge"
  providers                  = { aws = aws.eu }
  name                       = local.name
  create_api                 = false
  vpc_id                     = module.network_eu.vpc_id
  vpc_cidr                   = module.network_eu.vpc_cidr
  public_subnet_ids          = module.network_eu.public_subnet_ids
  certificate_arn            = var.certificate_arns["eu"]
  relay_deregistration_delay = var.relay_deregistration_delay
}

module "service_eu" {
  source                = "../../modules/service"
  providers             = { aws = aws.eu }
  name                  = "${local.name}-eu"
  region                = var.eu_region
  roles                 = ["relay"]
  image                 = var.image["eu"]
  vpc_id                = module.network_eu.vpc_id
  private_subnet_ids    = module.network_eu.private_subnet_ids
  alb_security_group_id = module.edge_eu.security_group_id
  target_group_arns     = module.edge_eu.target_group_arns
  upstream_url          = "https://${var.api_domain}"
  drain_seconds         = var.relay_drain_seconds
  relay_streams_target  = var.relay_streams_target
  max_tasks             = { origin = 0, relay = var.relay_max_tasks["eu"], poller = 0 }
}

# --- third region: relays only -------------------------------------------------------------------

module "network_ap" {
  source    = "../../modules/network"
  providers = { aws = aws.ap }
  name      = local.name
}

module "edge_ap" {
  source                     = "../../modules/edge"
  providers                  = { aws = aws.ap }
  name                       = local.name
  create_api                 = false
  vpc_id                     = module.network_ap.vpc_id
  vpc_cidr                   = module.network_ap.vpc_cidr
  public_subnet_ids          = module.network_ap.public_subnet_ids
  certificate_arn            = var.certificate_arns["ap"]
  relay_deregistration_delay = var.relay_deregistration_delay
}

module "service_ap" {
  source                = "../../modules/service"
  providers             = { aws = aws.ap }
  name                  = "${local.name}-ap"
  region                = var.ap_region
  roles                 = ["relay"]
  image                 = var.image["ap"]
  vpc_id                = module.network_ap.vpc_id
  private_subnet_ids    = module.network_ap.private_subnet_ids
  alb_security_group_id = module.edge_ap.security_group_id
  target_group_arns     = module.edge_ap.target_group_arns
  upstream_url          = "https://${var.api_domain}"
  drain_seconds         = var.relay_drain_seconds
  relay_streams_target  = var.relay_streams_target
  max_tasks             = { origin = 0, relay = var.relay_max_tasks["ap"], poller = 0 }
}

# --- names: the API in the primary region; the relays latency-routed over the three ------------

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

locals {
  relay_load_balancers = {
    primary = { region = var.primary_region, dns_name = module.edge.relay_dns_name, zone_id = module.edge.relay_zone_id }
    eu      = { region = var.eu_region, dns_name = module.edge_eu.relay_dns_name, zone_id = module.edge_eu.relay_zone_id }
    ap      = { region = var.ap_region, dns_name = module.edge_ap.relay_dns_name, zone_id = module.edge_ap.relay_zone_id }
  }
}

resource "aws_route53_record" "relay" {
  for_each       = local.relay_load_balancers
  zone_id        = var.zone_id
  name           = var.relay_domain
  type           = "A"
  set_identifier = each.value.region

  latency_routing_policy {
    region = each.value.region
  }

  alias {
    name                   = each.value.dns_name
    zone_id                = each.value.zone_id
    evaluate_target_health = true
  }
}

module "cdn" {
  source = "../../modules/cdn"
  name   = "production"
  origin_domains = {
    origin = var.api_domain
    poller = var.api_domain
    relays = var.relay_domain
  }
  origin_shield_region = var.primary_region
  aliases              = var.aliases
  certificate_arn      = var.cdn_certificate_arn
}
