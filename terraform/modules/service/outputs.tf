output "cluster_name" {
  description = "The ECS cluster."
  value       = aws_ecs_cluster.this.name
}

output "service_names" {
  description = "ECS service per role."
  value       = { for role, s in aws_ecs_service.role : role => s.name }
}

output "task_security_group_ids" {
  description = "Security group per role (Prometheus outside this module needs one admitting it to the metrics port)."
  value       = { for role, sg in aws_security_group.task : role => sg.id }
}

output "task_role_arns" {
  description = "Task role per role: what the jar itself may do in AWS (the relay's and poller's: nothing)."
  value       = { for role, r in aws_iam_role.task : role => r.arn }
}

output "log_groups" {
  description = "CloudWatch log group per role."
  value       = { for role, g in aws_cloudwatch_log_group.role : role => g.name }
}
