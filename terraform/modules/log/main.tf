# MSK: the durable comment log. TLS in transit always; clients authenticate with IAM or SCRAM.
# The topic is created here, not by the origin (whose --create-missing stays off in production).

resource "aws_security_group" "brokers" {
  name        = "${var.name}-msk"
  description = "MSK brokers; the service module adds ingress from the origin tasks"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_msk_configuration" "this" {
  name           = var.name
  kafka_versions = [var.kafka_version]
  server_properties = join("\n", [
    "auto.create.topics.enable=false",
    "default.replication.factor=${var.replication_factor}",
    "min.insync.replicas=${var.replication_factor - 1}",
    "unclean.leader.election.enable=false",
    "log.retention.hours=${var.retention_hours}",
  ])
}

resource "aws_msk_cluster" "this" {
  cluster_name           = var.name
  kafka_version          = var.kafka_version
  number_of_broker_nodes = var.brokers_per_az * length(var.subnet_ids)

  broker_node_group_info {
    instance_type   = var.broker_instance_type
    client_subnets  = var.subnet_ids
    security_groups = [aws_security_group.brokers.id]
    storage_info {
      ebs_storage_info {
        volume_size = var.broker_volume_gb
      }
    }
  }

  configuration_info {
    arn      = aws_msk_configuration.this.arn
    revision = aws_msk_configuration.this.latest_revision
  }

  encryption_info {
    encryption_in_transit {
      client_broker = "TLS"
      in_cluster    = true
    }
  }

  client_authentication {
    unauthenticated = false
    sasl {
      iam   = var.auth == "iam"
      scram = var.auth == "sasl-scram"
    }
  }

  tags = var.tags
}

resource "aws_msk_topic" "comments" {
  name               = var.topic
  cluster_arn        = aws_msk_cluster.this.arn
  partition_count    = var.partitions
  replication_factor = var.replication_factor
  configs = jsonencode({
    "retention.ms"        = tostring(var.retention_hours * 3600000)
    "min.insync.replicas" = tostring(var.replication_factor - 1)
    "cleanup.policy"      = "delete"
  })
}

# SCRAM: MSK reads users from secrets named AmazonMSK_*, encrypted with a customer key.
resource "aws_kms_key" "scram" {
  count               = var.auth == "sasl-scram" ? 1 : 0
  description         = "${var.name} MSK SCRAM secrets"
  enable_key_rotation = true
  tags                = var.tags
}

resource "random_password" "scram" {
  count   = var.auth == "sasl-scram" ? 1 : 0
  length  = 40
  special = false
}

resource "aws_secretsmanager_secret" "scram" {
  count      = var.auth == "sasl-scram" ? 1 : 0
  name       = "AmazonMSK_${var.name}_origin"
  kms_key_id = aws_kms_key.scram[0].arn
  tags       = var.tags
}

resource "aws_secretsmanager_secret_version" "scram" {
  count     = var.auth == "sasl-scram" ? 1 : 0
  secret_id = aws_secretsmanager_secret.scram[0].id
  secret_string = jsonencode({
    username = var.scram_username
    password = random_password.scram[0].result
  })

  lifecycle {
    # Rotate in Secrets Manager; terraform does not put the old password back.
    ignore_changes = [secret_string]
  }
}

resource "aws_msk_scram_secret_association" "this" {
  count           = var.auth == "sasl-scram" ? 1 : 0
  cluster_arn     = aws_msk_cluster.this.arn
  secret_arn_list = [aws_secretsmanager_secret.scram[0].arn]
  depends_on      = [aws_secretsmanager_secret_version.scram]
}
