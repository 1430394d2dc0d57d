# The CloudWatch agent as one small ECS service: it discovers the tasks of this cluster by their
# ECS_PROMETHEUS_EXPORTER_PORT label, scrapes their /metrics, and publishes lc_stream_open to
# CloudWatch (embedded metric format) with the dimensions relay autoscaling reads. It is the only
# task here allowed to write metrics; the relay's own task role stays empty. Operators' Prometheus
# (deploy/) scrapes the same metrics port for the dashboard and the alerts.

locals {
  prometheus_config = yamlencode({
    global = { scrape_interval = "30s", scrape_timeout = "10s" }
    scrape_configs = [{
      job_name        = "live-comments"
      file_sd_configs = [{ files = ["/tmp/cwagent_ecs_auto_sd.yaml"] }]
    }]
  })

  agent_config = jsonencode({
    logs = {
      metrics_collected = {
        prometheus = {
          log_group_name         = "/ecs/${var.name}/prometheus"
          prometheus_config_path = "env:PROMETHEUS_CONFIG_CONTENT"
          ecs_service_discovery = {
            sd_frequency   = "1m"
            sd_result_file = "/tmp/cwagent_ecs_auto_sd.yaml"
            docker_label = {
              sd_port_label         = "ECS_PROMETHEUS_EXPORTER_PORT"
              sd_metrics_path_label = "ECS_PROMETHEUS_METRICS_PATH"
            }
          }
          emf_processor = {
            metric_namespace = var.metrics_namespace
            metric_declaration = [{
              source_labels    = ["container_name"]
              label_matcher    = "^relay$"
              dimensions       = [["ClusterName", "TaskDefinitionFamily"]]
              metric_selectors = ["^lc_stream_open$"]
            }]
          }
        }
      }
      force_flush_interval = 5
    }
  })
}

resource "aws_cloudwatch_log_group" "agent" {
  name              = "/ecs/${var.name}/cloudwatch-agent"
  retention_in_days = var.log_retention_days
  tags              = var.tags
}

resource "aws_cloudwatch_log_group" "prometheus" {
  name              = "/ecs/${var.name}/prometheus"
  retention_in_days = 1
  tags              = var.tags
}

resource "aws_security_group" "metrics_agent" {
  name        = "${var.name}-metrics-agent"
  description = "CloudWatch agent scraping the tasks' metrics port"
  vpc_id      = var.vpc_id
  tags        = var.tags
}

resource "aws_vpc_security_group_egress_rule" "metrics_agent" {
  security_group_id = aws_security_group.metrics_agent.id
  cidr_ipv4         = "0.0.0.0/0"
  ip_protocol       = "-1"
  description       = "tasks' metrics ports, ECS and CloudWatch APIs"
}

resource "aws_iam_role" "agent_execution" {
  name               = "${var.name}-cwagent-execution"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

resource "aws_iam_role_policy_attachment" "agent_execution" {
  role       = aws_iam_role.agent_execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

resource "aws_iam_role" "agent" {
  name               = "${var.name}-cwagent"
  assume_role_policy = data.aws_iam_policy_document.ecs_tasks_assume.json
  tags               = var.tags
}

data "aws_iam_policy_document" "agent" {
  statement {
    sid       = "DiscoverTasks"
    actions   = ["ecs:ListTasks", "ecs:ListServices", "ecs:DescribeServices", "ecs:DescribeTasks", "ecs:DescribeTaskDefinition", "ecs:DescribeContainerInstances"]
    resources = ["*"]
  }

  statement {
    sid       = "PublishMetrics"
    actions   = ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams", "logs:DescribeLogGroups"]
    resources = ["${aws_cloudwatch_log_group.prometheus.arn}:*", aws_cloudwatch_log_group.prometheus.arn]
  }
}

resource "aws_iam_role_policy" "agent" {
  name   = "discover-and-publish"
  role   = aws_iam_role.agent.id
  policy = data.aws_iam_policy_document.agent.json
}

resource "aws_ecs_task_definition" "agent" {
  family                   = "${var.name}-cwagent"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 256
  memory                   = 512
  execution_role_arn       = aws_iam_role.agent_execution.arn
  task_role_arn            = aws_iam_role.agent.arn

  container_definitions = jsonencode([{
    name      = "cloudwatch-agent"
    image     = var.cloudwatch_agent_image
    essential = true
    environment = [
      { name = "PROMETHEUS_CONFIG_CONTENT", value = local.prometheus_config },
      { name = "CW_CONFIG_CONTENT", value = local.agent_config },
    ]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.agent.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "agent"
      }
    }
  }])

  tags = var.tags
}

resource "aws_ecs_service" "agent" {
  name            = "cloudwatch-agent"
  cluster         = aws_ecs_cluster.this.id
  task_definition = aws_ecs_task_definition.agent.arn
  desired_count   = 1
  launch_type     = "FARGATE"

  network_configuration {
    subnets          = var.private_subnet_ids
    security_groups  = [aws_security_group.metrics_agent.id]
    assign_public_ip = false
  }

  tags = var.tags
}
