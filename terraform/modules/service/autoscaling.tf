# Every role scales on CPU. Relays also scale on open streams: lc_stream_open, scraped from each
# relay's /metrics by the CloudWatch agent (metrics.tf) and averaged over the relay service's
# tasks. CPU alone lags a join storm: idle viewers cost memory and sockets, not CPU, until a hot
# video fans out to them. (ALB request counts do not fit: a stream is one request that lasts
# hours, so RequestCountPerTarget counts joins, not viewers.)

resource "aws_appautoscaling_target" "role" {
  for_each           = var.roles
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.this.name}/${aws_ecs_service.role[each.key].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.min_tasks[each.key]
  max_capacity       = var.max_tasks[each.key]
}

resource "aws_appautoscaling_policy" "cpu" {
  for_each           = var.roles
  name               = "${var.name}-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.role[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.role[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.role[each.key].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.cpu_target[each.key]
    scale_out_cooldown = 60
    # Scaling a relay in moves its viewers (deregistration, then drain): slowly.
    scale_in_cooldown = each.key == "relay" ? 900 : 300

    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

resource "aws_appautoscaling_policy" "relay_streams" {
  count              = local.relay ? 1 : 0
  name               = "${var.name}-relay-open-streams"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.role["relay"].service_namespace
  resource_id        = aws_appautoscaling_target.role["relay"].resource_id
  scalable_dimension = aws_appautoscaling_target.role["relay"].scalable_dimension

  target_tracking_scaling_policy_configuration {
    target_value       = var.relay_streams_target
    scale_out_cooldown = 60
    scale_in_cooldown  = 900

    customized_metric_specification {
      namespace   = var.metrics_namespace
      metric_name = "lc_stream_open"
      statistic   = "Average"

      dimensions {
        name  = "ClusterName"
        value = aws_ecs_cluster.this.name
      }

      dimensions {
        name  = "TaskDefinitionFamily"
        value = aws_ecs_task_definition.role["relay"].family
      }
    }
  }
}
