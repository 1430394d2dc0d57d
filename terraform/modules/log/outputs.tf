output "bootstrap_brokers" {
  description = "LC_KAFKA_BOOTSTRAP: the TLS listener of the chosen authentication (IAM 9098, SCRAM 9096)."
  value       = var.auth == "iam" ? aws_msk_cluster.this.bootstrap_brokers_sasl_iam : aws_msk_cluster.this.bootstrap_brokers_sasl_scram
}

output "port" {
  description = "The client port the origin tasks must reach."
  value       = var.auth == "iam" ? 9098 : 9096
}

output "security" {
  description = "LC_KAFKA_SECURITY for the origin."
  value       = var.auth
}

output "topic" {
  description = "LC_KAFKA_TOPIC."
  value       = aws_msk_topic.comments.name
}

output "cluster_arn" {
  description = "For the origin's IAM policy (topic and group ARNs derive from it)."
  value       = aws_msk_cluster.this.arn
}

output "security_group_id" {
  description = "The brokers' security group; the service module allows the origin tasks in."
  value       = aws_security_group.brokers.id
}

output "scram_username" {
  description = "LC_KAFKA_USERNAME (auth = sasl-scram), else empty."
  value       = var.auth == "sasl-scram" ? var.scram_username : ""
}

output "scram_secret_arn" {
  description = "The SCRAM secret (JSON username/password); the task gets its password key as LC_KAFKA_PASSWORD. Null unless auth = sasl-scram."
  value       = var.auth == "sasl-scram" ? aws_secretsmanager_secret.scram[0].arn : null
}

output "scram_kms_key_arn" {
  description = "The key the SCRAM secret is encrypted with; the origin's execution role may decrypt with it."
  value       = var.auth == "sasl-scram" ? aws_kms_key.scram[0].arn : null
}
