output "security_group_id" {
  description = "The load balancers' security group; the service module admits it to the tasks' ports."
  value       = aws_security_group.alb.id
}

output "relay_dns_name" {
  description = "The relay load balancer's DNS name (alias the relay domain to it)."
  value       = aws_lb.relay.dns_name
}

output "relay_zone_id" {
  description = "The relay load balancer's hosted zone, for alias records."
  value       = aws_lb.relay.zone_id
}

output "relay_arn_suffix" {
  description = "For CloudWatch metrics of the relay load balancer."
  value       = aws_lb.relay.arn_suffix
}

output "api_dns_name" {
  description = "The API load balancer's DNS name (alias the API domain to it); null without create_api."
  value       = var.create_api ? aws_lb.api[0].dns_name : null
}

output "api_zone_id" {
  description = "The API load balancer's hosted zone, for alias records; null without create_api."
  value       = var.create_api ? aws_lb.api[0].zone_id : null
}

output "target_group_arns" {
  description = "Target group per role, for the service module (only the relay without create_api)."
  value = merge(
    { relay = aws_lb_target_group.relay.arn },
    var.create_api ? { origin = aws_lb_target_group.origin[0].arn, poller = aws_lb_target_group.poller[0].arn } : {},
  )
}
