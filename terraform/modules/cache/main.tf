# ElastiCache for Redis in cluster mode, TLS in transit, an AUTH token made here and kept in
# Secrets Manager (the tasks get it as LC_REDIS_PASSWORD; no variable file ever holds it).

resource "aws_security_group" "redis" {
  name        = "${var.name}-redis"
  description = "Redis cluster; the service module adds ingress from origin and poller tasks"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_elasticache_subnet_group" "this" {
  name       = var.name
  subnet_ids = var.subnet_ids
}

resource "random_password" "auth" {
  length  = 64
  special = false
}

resource "aws_secretsmanager_secret" "auth" {
  name = "${var.name}/redis-auth"
  tags = var.tags
}

resource "aws_secretsmanager_secret_version" "auth" {
  secret_id     = aws_secretsmanager_secret.auth.id
  secret_string = random_password.auth.result
}

resource "aws_elasticache_replication_group" "this" {
  replication_group_id       = var.name
  description                = "live-comments fan-out, recent windows, snapshots, rate limits"
  engine                     = "redis"
  engine_version             = var.engine_version
  node_type                  = var.node_type
  port                       = 6379
  parameter_group_name       = "default.redis7.cluster.on"
  cluster_mode               = "enabled"
  num_node_groups            = var.shards
  replicas_per_node_group    = var.replicas_per_shard
  automatic_failover_enabled = true
  multi_az_enabled           = var.replicas_per_shard > 0
  subnet_group_name          = aws_elasticache_subnet_group.this.name
  security_group_ids         = [aws_security_group.redis.id]
  at_rest_encryption_enabled = true
  transit_encryption_enabled = true
  auth_token                 = random_password.auth.result
  apply_immediately          = false
  tags                       = var.tags
}
