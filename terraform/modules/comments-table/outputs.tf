output "table_name" {
  description = "The comment table's name (LC_DYNAMO_TABLE)."
  value       = aws_dynamodb_table.comments.name
}

output "table_arn" {
  description = "The comment table's ARN; its indexes are under <arn>/index/*."
  value       = aws_dynamodb_table.comments.arn
}

output "moderation_table_name" {
  description = "The moderation table's name (LC_DYNAMO_MODERATION_TABLE)."
  value       = aws_dynamodb_table.moderation.name
}

output "moderation_table_arn" {
  description = "The moderation table's ARN."
  value       = aws_dynamodb_table.moderation.arn
}
