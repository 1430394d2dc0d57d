# Load balancers in front of the tasks: one for the API (origin: posts, history, relays' upstream
# streams; poller: snapshots) and one for the relays (viewers' streams and the page). CloudFront
# reaches both over HTTPS; their security groups admit CloudFront's origin-facing addresses only
# (plus, for the API, the relays' NAT addresses).

data "aws_ec2_managed_prefix_list" "cloudfront" {
  name = "com.amazonaws.global.cloudfront.origin-facing"
}

locals {
  # Name prefix, short enough for target group names (32 characters).
  short = substr(var.name, 0, 20)
}

resource "aws_security_group" "alb" {
  name        = "${var.name}-alb"
  description = "live-comments load balancers: HTTPS from CloudFront (and relays, for the API)"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_ingress_rule" "cloudfront" {
  security_group_id = aws_security_group.alb.id
  prefix_list_id    = data.aws_ec2_managed_prefix_list.cloudfront.id
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "CloudFront origin-facing"
}

resource "aws_vpc_security_group_ingress_rule" "upstream" {
  for_each          = toset(var.api_extra_cidrs)
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = each.value
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  description       = "relays subscribing upstream"
}

resource "aws_vpc_security_group_egress_rule" "to_tasks" {
  security_group_id = aws_security_group.alb.id
  cidr_ipv4         = var.vpc_cidr
  ip_protocol       = "tcp"
  from_port         = 8080
  to_port           = 8082
  description       = "to the tasks' ports"
}

# --- relays ---------------------------------------------------------------------------------

resource "aws_lb" "relay" {
  name               = "${local.short}-relay"
  load_balancer_type = "application"
  internal           = false
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]
  idle_timeout       = var.relay_idle_timeout
  tags               = var.tags
}

resource "aws_lb_target_group" "relay" {
  name                 = "${local.short}-relay"
  port                 = var.ports["relay"]
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = var.relay_deregistration_delay

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = var.tags
}

resource "aws_lb_listener" "relay" {
  load_balancer_arn = aws_lb.relay.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.relay.arn
  }
}

# --- API: origin and poller -----------------------------------------------------------------

resource "aws_lb" "api" {
  count              = var.create_api ? 1 : 0
  name               = "${local.short}-api"
  load_balancer_type = "application"
  internal           = false
  subnets            = var.public_subnet_ids
  security_groups    = [aws_security_group.alb.id]
  idle_timeout       = var.api_idle_timeout
  tags               = var.tags
}

resource "aws_lb_target_group" "origin" {
  count                = var.create_api ? 1 : 0
  name                 = "${local.short}-origin"
  port                 = var.ports["origin"]
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = var.api_deregistration_delay

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = var.tags
}

resource "aws_lb_target_group" "poller" {
  count                = var.create_api ? 1 : 0
  name                 = "${local.short}-poller"
  port                 = var.ports["poller"]
  protocol             = "HTTP"
  target_type          = "ip"
  vpc_id               = var.vpc_id
  deregistration_delay = var.api_deregistration_delay

  health_check {
    path                = var.health_check_path
    matcher             = "200"
    interval            = 10
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 2
  }

  tags = var.tags
}

resource "aws_lb_listener" "api" {
  count             = var.create_api ? 1 : 0
  load_balancer_arn = aws_lb.api[0].arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.origin[0].arn
  }
}

resource "aws_lb_listener_rule" "snapshots" {
  count        = var.create_api ? 1 : 0
  listener_arn = aws_lb_listener.api[0].arn
  priority     = 10

  condition {
    path_pattern {
      values = ["/v1/videos/*/snapshots/*"]
    }
  }

  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.poller[0].arn
  }
}
