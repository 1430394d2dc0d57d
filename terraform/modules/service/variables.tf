variable "name" {
  description = "Prefix of the cluster, services, roles and log groups, e.g. lc-production-us-east-1."
  type        = string
}

variable "region" {
  description = "This stack's region (LC_AWS_REGION for the origin, and the log groups')."
  type        = string
}

variable "roles" {
  description = "Which roles run here: origin, relay, poller. A relay-only region lists relay alone."
  type        = set(string)
  default     = ["origin", "relay", "poller"]

  validation {
    condition     = length(setsubtract(var.roles, ["origin", "relay", "poller"])) == 0
    error_message = "roles are origin, relay and poller."
  }
}

variable "image" {
  description = "The container image of the jar (deploy/Dockerfile), e.g. <account>.dkr.ecr.<region>.amazonaws.com/live-comments:<version>. One image, every role."
  type        = string
}

variable "vpc_id" {
  description = "The VPC (network module)."
  type        = string
}

variable "private_subnet_ids" {
  description = "Private subnets the tasks run in."
  type        = list(string)
}

variable "alb_security_group_id" {
  description = "The load balancers' security group (edge module), admitted to the roles' ports."
  type        = string
}

variable "target_group_arns" {
  description = "Target group per role (edge module's target_group_arns)."
  type        = map(string)
}

variable "ports" {
  description = "Container port per role (LC_PORT): the jar's role defaults, the same as the edge module's."
  type        = map(number)
  default = {
    origin = 8080
    relay  = 8081
    poller = 8082
  }
}

variable "metrics_port" {
  description = "LC_METRICS_PORT: where every role serves /metrics for Prometheus and the CloudWatch agent, apart from the public port."
  type        = number
  default     = 9404
}

variable "cpu" {
  description = "Fargate CPU units per task and role (1024 = 1 vCPU). docs/capacity.md: the relay's figures were measured on 2 cores."
  type        = map(number)
  default = {
    origin = 2048
    relay  = 2048
    poller = 1024
  }
}

variable "memory" {
  description = "Fargate memory (MiB) per task and role. A relay at 50,000 viewers holds about 0.5 GB of RSS for them (10 KB each) plus its heap."
  type        = map(number)
  default = {
    origin = 4096
    relay  = 4096
    poller = 2048
  }
}

variable "min_tasks" {
  description = "Fewest tasks per role (autoscaling floor)."
  type        = map(number)
  default = {
    origin = 2
    relay  = 2
    poller = 2
  }
}

variable "max_tasks" {
  description = "Most tasks per role (autoscaling ceiling); docs/capacity.md derives the relay's from the audience."
  type        = map(number)
  default = {
    origin = 12
    relay  = 60
    poller = 12
  }
}

variable "cpu_target" {
  description = "Average CPU utilization (%) each role's autoscaling keeps."
  type        = map(number)
  default = {
    origin = 60
    relay  = 60
    poller = 60
  }
}

variable "relay_streams_target" {
  description = "Open streams (lc_stream_open) per relay task that autoscaling keeps on average; keep it well under max_viewers so a region can lose a task (docs/capacity.md)."
  type        = number
  default     = 12000
}

# --- what the jar is told (see locals.env in main.tf) -----------------------------------------

variable "kafka_bootstrap" {
  description = "LC_KAFKA_BOOTSTRAP (log module's bootstrap_brokers). Needed with the origin role."
  type        = string
  default     = ""
}

variable "kafka_topic" {
  description = "LC_KAFKA_TOPIC (log module's topic)."
  type        = string
  default     = "comments"
}

variable "kafka_security" {
  description = "LC_KAFKA_SECURITY: iam or sasl-scram (log module's security)."
  type        = string
  default     = "iam"
}

variable "kafka_username" {
  description = "LC_KAFKA_USERNAME (sasl-scram only; log module's scram_username)."
  type        = string
  default     = ""
}

variable "kafka_password_secret_arn" {
  description = "Secret holding the SCRAM user as JSON (log module's scram_secret_arn); its password key becomes LC_KAFKA_PASSWORD. Null with IAM."
  type        = string
  default     = null
}

variable "kafka_kms_key_arn" {
  description = "KMS key of the SCRAM secret (log module's scram_kms_key_arn); null with IAM."
  type        = string
  default     = null
}

variable "kafka_cluster_arn" {
  description = "MSK cluster ARN, for the origin's IAM policy (log module's cluster_arn)."
  type        = string
  default     = ""
}

variable "kafka_security_group_id" {
  description = "The brokers' security group (log module), opened to the origin tasks."
  type        = string
  default     = ""
}

variable "kafka_port" {
  description = "The brokers' client port (log module's port)."
  type        = number
  default     = 9098
}

variable "redis_uri" {
  description = "LC_REDIS_URI (cache module's uri). Needed with the origin and poller roles."
  type        = string
  default     = ""
}

variable "redis_key_prefix" {
  description = "LC_REDIS_KEY_PREFIX: one deployment's prefix of every key and channel."
  type        = string
  default     = "lc"
}

variable "redis_auth_secret_arn" {
  description = "Secret holding the Redis AUTH token (cache module's auth_secret_arn): LC_REDIS_PASSWORD."
  type        = string
  default     = null
}

variable "redis_security_group_id" {
  description = "The Redis cluster's security group (cache module), opened to origin and poller tasks."
  type        = string
  default     = ""
}

variable "dynamo_table_name" {
  description = "LC_DYNAMO_TABLE (comments-table module)."
  type        = string
  default     = "comments"
}

variable "dynamo_table_arn" {
  description = "The comment table's ARN, for the origin's IAM policy."
  type        = string
  default     = ""
}

variable "moderation_table_name" {
  description = "LC_DYNAMO_MODERATION_TABLE (comments-table module)."
  type        = string
  default     = "comments-moderation"
}

variable "moderation_table_arn" {
  description = "The moderation table's ARN, for the origin's IAM policy."
  type        = string
  default     = ""
}

variable "jwt_secret_arn" {
  description = "Secret holding the HS256 key (>= 32 bytes) that signs viewers' and commenters' tokens: LC_JWT_SECRET. Required with the origin role: without it the origin would run in demo mode."
  type        = string
  default     = null
}

variable "jwt_issuer" {
  description = "LC_JWT_ISSUER: the iss tokens must carry (empty: not checked)."
  type        = string
  default     = ""
}

variable "jwt_audience" {
  description = "LC_JWT_AUDIENCE: the aud tokens must carry (empty: not checked)."
  type        = string
  default     = ""
}

variable "jwt_max_lifetime" {
  description = "LC_JWT_MAX_LIFETIME: longest exp - iat accepted, like 1h (empty: the jar's default)."
  type        = string
  default     = ""
}

variable "allowed_origins" {
  description = "LC_ALLOWED_ORIGINS: browser origins allowed to call the API cross-origin, comma-separated (empty: the jar's default)."
  type        = string
  default     = ""
}

variable "rate_limit" {
  description = "LC_RATE_LIMIT: comments per user per period."
  type        = string
  default     = "5/10s"
}

variable "batch_window" {
  description = "LC_BATCH_WINDOW: how long the origin gathers a burst into one batch."
  type        = string
  default     = "100ms"
}

variable "heartbeat_seconds" {
  description = "LC_HEARTBEAT on every hop; the load balancers' and CloudFront's idle timeouts must exceed it."
  type        = number
  default     = 15
}

variable "upstream_url" {
  description = "LC_UPSTREAM of the relays: the origin's API domain, e.g. https://api-origin.example.com (edge module's API load balancer behind its certificate)."
  type        = string
  default     = ""
}

variable "sample_budget" {
  description = "LC_SAMPLE_BUDGET: comments/s a viewer of a hot video gets at most."
  type        = number
  default     = 20
}

variable "drain_seconds" {
  description = "LC_DRAIN of the relays; the edge module's relay_deregistration_delay must be at least this, and the task's stop timeout exceeds it."
  type        = number
  default     = 30
}

variable "max_viewers" {
  description = "LC_MAX_VIEWERS: open streams one relay task accepts; past it new streams are refused (a refused event, and the viewer retries)."
  type        = number
  default     = 50000
}

variable "max_viewers_per_ip" {
  description = "LC_MAX_VIEWERS_PER_IP. Behind the load balancer streams arrive from its nodes' addresses, so keep it at max_viewers."
  type        = number
  default     = 50000
}

variable "max_upstreams" {
  description = "LC_MAX_UPSTREAMS, and LC_MAX_VIDEOS_PER_IP: distinct videos (upstream subscriptions) one relay task serves at once. Set per address too, because behind the load balancer every stream arrives from one of its nodes' addresses (the jar's derived per-address caps assume viewers' own addresses)."
  type        = number
  default     = 20000
}

variable "log_retention_days" {
  description = "CloudWatch Logs retention of the tasks' output."
  type        = number
  default     = 14
}

variable "metrics_namespace" {
  description = "CloudWatch namespace the CloudWatch agent publishes lc_stream_open to (relay autoscaling reads it there)."
  type        = string
  default     = "LiveComments/Prometheus"
}

variable "cloudwatch_agent_image" {
  description = "The CloudWatch agent image that scrapes the relays' lc_stream_open for autoscaling."
  type        = string
  default     = "public.ecr.aws/cloudwatch-agent/cloudwatch-agent:latest"
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}

variable "cpu_architecture" {
  description = "X86_64 (what docs/benchmarks.md measured on) or ARM64 (Graviton; build the image for it and re-measure before trusting docs/capacity.md there)."
  type        = string
  default     = "X86_64"
}
