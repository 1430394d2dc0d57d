output "uri" {
  description = "LC_REDIS_URI: TLS to the cluster's configuration endpoint, no password (that comes as LC_REDIS_PASSWORD). ElastiCache's certificates chain to Amazon's public CA, so no LC_REDIS_CA_FILE."
  value       = "rediss://${aws_elasticache_replication_group.this.configuration_endpoint_address}:6379"
}

output "auth_secret_arn" {
  description = "The AUTH token's secret (LC_REDIS_PASSWORD)."
  value       = aws_secretsmanager_secret.auth.arn
}

output "security_group_id" {
  description = "The cluster's security group; the service module allows origin and poller tasks in."
  value       = aws_security_group.redis.id
}
