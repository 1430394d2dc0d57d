variable "primary_region" {
  description = "Where the origin, poller, MSK, ElastiCache and DynamoDB run, beside the first relays."
  type        = string
  default     = "us-east-1"
}

variable "eu_region" {
  description = "Second relay region."
  type        = string
  default     = "eu-west-1"
}

variable "ap_region" {
  description = "Third relay region."
  type        = string
  default     = "ap-southeast-1"
}

variable "image" {
  description = "The jar's container image (deploy/Dockerfile), by immutable tag or digest; replicate it to every relay region's ECR."
  type        = map(string)
}

variable "certificate_arns" {
  description = "ACM certificate per region key (primary, eu, ap), each covering api_domain and relay_domain."
  type        = map(string)
}

variable "zone_id" {
  description = "Route 53 hosted zone for api_domain and relay_domain."
  type        = string
}

variable "api_domain" {
  description = "Name of the API load balancer (origin, poller) in the primary region."
  type        = string
}

variable "relay_domain" {
  description = "One name for the relays of all three regions: latency-routed, so each CloudFront edge connects to the nearest region."
  type        = string
}

variable "aliases" {
  description = "Viewers' host names on the distribution."
  type        = list(string)
  default     = []
}

variable "cdn_certificate_arn" {
  description = "ACM certificate in us-east-1 for the aliases."
  type        = string
  default     = null
}

variable "relay_drain_seconds" {
  description = "LC_DRAIN of the relays."
  type        = number
  default     = 30
}

variable "relay_deregistration_delay" {
  description = "Seconds a leaving relay keeps its streams at the load balancer: at least relay_drain_seconds."
  type        = number
  default     = 45
}

variable "kafka_partitions" {
  description = "Partitions of the comments topic: docs/capacity.md derives 48 for 50,000 comments/s."
  type        = number
  default     = 48
}

variable "redis_shards" {
  description = "Redis Cluster shards: docs/capacity.md derives 3 (tight) to 4 for 50,000 comments/s."
  type        = number
  default     = 4
}

variable "relay_max_tasks" {
  description = "Most relay tasks per region: docs/capacity.md derives the count for 1 M viewers."
  type        = map(number)
  default = {
    primary = 40
    eu      = 40
    ap      = 30
  }
}

variable "relay_streams_target" {
  description = "Open streams per relay task that autoscaling keeps (docs/capacity.md)."
  type        = number
  default     = 12000
}
