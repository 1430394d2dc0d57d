# ECS on Fargate: one service per role, all from one image. What each role is told lives in
# locals.env (plain) and locals.secrets (from Secrets Manager) below, and nowhere else:
# TerraformTest checks every name there against the LC_* variables the jar reads.

locals {
  origin = contains(var.roles, "origin")
  relay  = contains(var.roles, "relay")
  poller = contains(var.roles, "poller")

  # The environment of each role's container. Empty values are left out (the jar's default).
  env = {
    origin = {
      LC_HOST                    = "0.0.0.0"
      LC_PORT                    = tostring(var.ports["origin"])
      LC_METRICS_PORT            = tostring(var.metrics_port)
      LC_BACKEND                 = "real"
      LC_CREATE_MISSING          = "false"
      LC_KAFKA_BOOTSTRAP         = var.kafka_bootstrap
      LC_KAFKA_TOPIC             = var.kafka_topic
      LC_KAFKA_SECURITY          = var.kafka_security
      LC_KAFKA_USERNAME          = var.kafka_username
      LC_REDIS_URI               = var.redis_uri
      LC_REDIS_CLUSTER           = "true"
      LC_REDIS_KEY_PREFIX        = var.redis_key_prefix
      LC_DYNAMO_TABLE            = var.dynamo_table_name
      LC_DYNAMO_MODERATION_TABLE = var.moderation_table_name
      LC_AWS_REGION              = var.region
      LC_RATE_LIMIT              = var.rate_limit
      LC_BATCH_WINDOW            = var.batch_window
      LC_HEARTBEAT               = "${var.heartbeat_seconds}s"
      LC_ALLOWED_ORIGINS         = var.allowed_origins
      LC_JWT_ISSUER              = var.jwt_issuer
      LC_JWT_AUDIENCE            = var.jwt_audience
      LC_JWT_MAX_LIFETIME        = var.jwt_max_lifetime
    }
    relay = {
      LC_HOST               = "0.0.0.0"
      LC_PORT               = tostring(var.ports["relay"])
      LC_METRICS_PORT       = tostring(var.metrics_port)
      LC_UPSTREAM           = var.upstream_url
      LC_SAMPLE_BUDGET      = tostring(var.sample_budget)
      LC_DRAIN              = "${var.drain_seconds}s"
      LC_HEARTBEAT          = "${var.heartbeat_seconds}s"
      LC_MAX_VIEWERS        = tostring(var.max_viewers)
      LC_MAX_VIEWERS_PER_IP = tostring(var.max_viewers_per_ip)
      LC_MAX_UPSTREAMS      = tostring(var.max_upstreams)
      LC_MAX_VIDEOS_PER_IP  = tostring(var.max_upstreams)
      LC_ALLOWED_ORIGINS    = var.allowed_origins
    }
    poller = {
      LC_HOST             = "0.0.0.0"
      LC_PORT             = tostring(var.ports["poller"])
      LC_METRICS_PORT     = tostring(var.metrics_port)
      LC_REDIS_URI        = var.redis_uri
      LC_REDIS_CLUSTER    = "true"
      LC_REDIS_KEY_PREFIX = var.redis_key_prefix
    }
  }

  # Secrets Manager ARNs (":key::" picks a JSON key) the execution role reads at task start.
  # Null ones are left out. The relay has none.
  secrets = {
    origin = {
      LC_JWT_SECRET     = var.jwt_secret_arn
      LC_REDIS_PASSWORD = var.redis_auth_secret_arn
      LC_KAFKA_PASSWORD = var.kafka_password_secret_arn == null ? null : "${var.kafka_password_secret_arn}:password::"
    }
    relay = {}
    poller = {
      LC_REDIS_PASSWORD = var.redis_auth_secret_arn
    }
  }

  # JVM options per role; relays run on the parallel collector (README, docs/benchmarks.md Pass 5).
  java_options = {
    origin = ["-XX:MaxRAMPercentage=75"]
    relay  = ["-XX:MaxRAMPercentage=75", "-XX:+UseParallelGC"]
    poller = ["-XX:MaxRAMPercentage=75"]
  }

  # Seconds ECS waits after SIGTERM before SIGKILL: the relay drains for LC_DRAIN and the jar
  # gives the drain 5 s more (Fargate allows at most 120).
  stop_timeout = {
    origin = 30
    relay  = min(var.drain_seconds + 10, 120)
    poller = 30
  }

  # Open files: a relay holds one socket per viewer and one per upstream (video), with room.
  nofile = {
    origin = 65536
    relay  = max(65536, ceil((var.max_viewers + var.max_upstreams) * 1.5))
    poller = 65536
  }
}

resource "aws_ecs_cluster" "this" {
  name = var.name

  setting {
    name  = "containerInsights"
    value = "enabled"
  }

  tags = var.tags
}

resource "aws_cloudwatch_log_group" "role" {
  for_each          = var.roles
  name              = "/ecs/${var.name}/${each.key}"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_ecs_task_definition" "role" {
  for_each                 = var.roles
  family                   = "${var.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = var.cpu[each.key]
  memory                   = var.memory[each.key]
  execution_role_arn       = aws_iam_role.execution[each.key].arn
  task_role_arn            = aws_iam_role.task[each.key].arn

  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = var.cpu_architecture
  }

  container_definitions = jsonencode([{
    name        = each.key
    image       = var.image
    essential   = true
    entryPoint  = concat(["java"], local.java_options[each.key], ["-jar", "/app/live-comments.jar"])
    command     = [each.key]
    stopTimeout = local.stop_timeout[each.key]
    portMappings = [
      { containerPort = var.ports[each.key], protocol = "tcp" },
      { containerPort = var.metrics_port, protocol = "tcp" },
    ]
    environment = [for k, v in local.env[each.key] : { name = k, value = v } if v != ""]
    secrets     = [for k, v in local.secrets[each.key] : { name = k, valueFrom = v } if v != null]
    ulimits     = [{ name = "nofile", softLimit = local.nofile[each.key], hardLimit = local.nofile[each.key] }]
    dockerLabels = {
      # The CloudWatch agent (metrics.tf) scrapes containers that carry these.
      ECS_PROMETHEUS_EXPORTER_PORT = tostring(var.metrics_port)
      ECS_PROMETHEUS_METRICS_PATH  = "/metrics"
    }
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.role[each.key].name
        awslogs-region        = var.region
        awslogs-stream-prefix = each.key
      }
    }
  }])

  tags = var.tags
}

resource "aws_ecs_service" "role" {
  for_each                           = var.roles
  name                               = each.key
  cluster                            = aws_ecs_cluster.this.id
  task_definition                    = aws_ecs_task_definition.role[each.key].arn
  desired_count                      = var.min_tasks[each.key]
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 60

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.task[each.key].id]
    assign_public_ip = false
  }

  load_balancer {
    target_group_arn = var.target_group_arns[each.key]
    container_name   = each.key
    container_port   = var.ports[each.key]
  }

  lifecycle {
    # Autoscaling owns the count after the first apply.
    ignore_changes = [desired_count]
  }

  tags = var.tags
}
