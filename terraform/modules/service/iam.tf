# Least privilege per role. The execution role (ECS itself: pull the image, write logs, read the
# role's secrets) is apart from the task role (what the jar may do): the relay's and the
# poller's task roles carry no policy at all; the origin's reaches its two tables and its MSK
# topic and groups, nothing else.

data "aws_iam_policy_document" "ecs_tasks_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

resource "aws_iam_role" "execution" {
  for_each           = var.roles
  name               = "${var.name}-${each.key}-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "execution" {
  for_each   = var.roles
  role       = aws_iam_role.execution[each.key].name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

locals {
  # The secret ARNs each role's execution role may read (the ":key::" suffix stripped).
  secret_arns = {
    for role in var.roles : role => [
      for v in values(local.secrets[role]) : split(":password::", v)[0] if v != null
    ]
  }
}

data "aws_iam_policy_document" "read_secrets" {
  for_each = { for role, arns in local.secret_arns : role => arns if length(arns) > 0 }

  statement {
    actions   = ["secretsmanager:GetSecretValue"]
    resources = each.value
  }

  dynamic "statement" {
    for_each = each.key == "origin" && var.kafka_kms_key_arn != null ? [var.kafka_kms_key_arn] : []
    content {
      actions   = ["kms:Decrypt"]
      resources = [statement.value]
    }
  }
}

resource "aws_iam_role_policy" "read_secrets" {
  for_each = data.aws_iam_policy_document.read_secrets
  name     = "read-secrets"
  role     = aws_iam_role.execution[each.key].id
  policy   = each.value.json
}

resource "aws_iam_role" "task" {
  for_each           = var.roles
  name               = "${var.name}-${each.key}-task"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

locals {
  # MSK IAM resources: topic and group ARNs are the cluster's with :topic/ or :group/.
  kafka_topic_arn  = "${replace(var.kafka_cluster_arn, ":cluster/", ":topic/")}/${var.kafka_topic}"
  kafka_group_arns = [for g in ["persister", "fanout", "moderation"] : "${replace(var.kafka_cluster_arn, ":cluster/", ":group/")}/${g}"]
}

data "aws_iam_policy_document" "origin" {
  count = local.origin ? 1 : 0

  statement {
    sid = "CommentTables"
    actions = [
      "dynamodb:DescribeTable",
      "dynamodb:Query",
      "dynamodb:GetItem",
      "dynamodb:BatchGetItem",
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
      "dynamodb:ConditionCheckItem",
    ]
    resources = [
      var.dynamo_table_arn,
      "${var.dynamo_table_arn}/index/*",
      var.moderation_table_arn,
      "${var.moderation_table_arn}/index/*",
    ]
  }

  dynamic "statement" {
    for_each = var.kafka_security == "iam" ? ["cluster"] : []
    content {
      sid       = "KafkaCluster"
      actions   = ["kafka-cluster:Connect", "kafka-cluster:DescribeCluster", "kafka-cluster:WriteDataIdempotently"]
      resources = [var.kafka_cluster_arn]
    }
  }

  dynamic "statement" {
    for_each = var.kafka_security == "iam" ? ["topic"] : []
    content {
      sid = "KafkaTopic"
      actions = [
        "kafka-cluster:DescribeTopic",
        "kafka-cluster:DescribeTopicDynamicConfiguration",
        "kafka-cluster:ReadData",
        "kafka-cluster:WriteData",
      ]
      resources = [local.kafka_topic_arn]
    }
  }

  dynamic "statement" {
    for_each = var.kafka_security == "iam" ? ["groups"] : []
    content {
      sid       = "KafkaGroups"
      actions   = ["kafka-cluster:DescribeGroup", "kafka-cluster:AlterGroup"]
      resources = local.kafka_group_arns
    }
  }
}

resource "aws_iam_role_policy" "origin" {
  count  = local.origin ? 1 : 0
  name   = "origin-backends"
  role   = aws_iam_role.task["origin"].id
  policy = data.aws_iam_policy_document.origin[0].json
}
