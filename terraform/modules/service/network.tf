# One security group per role: the load balancers reach its port, the CloudWatch agent its
# metrics port; the backends admit only the roles that use them.

resource "aws_security_group" "task" {
  for_each    = var.roles
  name        = "${var.name}-${each.key}"
  description = "live-comments ${each.key} tasks"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "from_alb" {
  for_each                     = var.roles
  security_group_id            = aws_security_group.task[each.key].id
  referenced_security_group_id = var.alb_security_group_id
  ip_protocol                  = "tcp"
  from_port                    = var.ports[each.key]
  to_port                      = var.ports[each.key]
  description                  = "load balancer"
}

resource "aws_vpc_security_group_ingress_rule" "metrics" {
  for_each                     = var.roles
  security_group_id            = aws_security_group.task[each.key].id
  referenced_security_group_id = aws_security_group.metrics_agent.id
  ip_protocol                  = "tcp"
  from_port                    = var.metrics_port
  to_port                      = var.metrics_port
  description                  = "CloudWatch agent scraping /metrics"
}

# Tasks reach out: ECR, Secrets Manager, CloudWatch Logs, DynamoDB (gateway endpoint), MSK,
# Redis, and for relays the origin's API load balancer (possibly in another region).
resource "aws_vpc_security_group_egress_rule" "task" {
  for_each          = var.roles
  security_group_id = aws_security_group.task[each.key].id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  description       = "anywhere (through NAT)"
}

resource "aws_vpc_security_group_ingress_rule" "kafka_from_origin" {
  count                        = local.origin ? 1 : 0
  security_group_id            = var.kafka_security_group_id
  referenced_security_group_id = aws_security_group.task["origin"].id
  ip_protocol                  = "tcp"
  from_port                    = var.kafka_port
  to_port                      = var.kafka_port
  description                  = "origin tasks"
}

resource "aws_vpc_security_group_ingress_rule" "redis" {
  for_each                     = setintersection(var.roles, ["origin", "poller"])
  security_group_id            = var.redis_security_group_id
  referenced_security_group_id = aws_security_group.task[each.key].id
  ip_protocol                  = "tcp"
  from_port                    = 6379
  to_port                      = 6379
  description                  = "${each.key} tasks"
}
