# The comment history, exactly as origin/.../dynamo/DynamoTables creates it for tests:
#   table  PK videoId (S), SK seq (N), on-demand
#   index  byCommentId: PK id (S), keys only (hiding a comment looks it up by id)
# TerraformTest checks these names and types against DynamoTables.

resource "aws_dynamodb_table" "comments" {
  name                        = var.table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "videoId"
  range_key                   = "seq"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "videoId"
    type = "S"
  }

  attribute {
    name = "seq"
    type = "N"
  }

  attribute {
    name = "id"
    type = "S"
  }

  global_secondary_index {
    name            = "byCommentId"
    hash_key        = "id"
    projection_type = "KEYS_ONLY"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  tags = var.tags
}

# Moderation: one table, string keys pk/sk (single-table design for reports, decisions and the
# queue), on-demand like the comments.
resource "aws_dynamodb_table" "moderation" {
  name                        = var.moderation_table_name
  billing_mode                = "PAY_PER_REQUEST"
  hash_key                    = "pk"
  range_key                   = "sk"
  deletion_protection_enabled = var.deletion_protection

  attribute {
    name = "pk"
    type = "S"
  }

  attribute {
    name = "sk"
    type = "S"
  }

  point_in_time_recovery {
    enabled = true
  }

  server_side_encryption {
    enabled = true
  }

  tags = var.tags
}
