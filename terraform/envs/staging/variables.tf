variable "region" {
  description = "The one region staging runs in."
  type        = string
  default     = "us-east-1"
}

variable "image" {
  description = "The jar's container image (deploy/Dockerfile) to run, by immutable tag or digest."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate in var.region covering api_domain and relay_domain."
  type        = string
}

variable "zone_id" {
  description = "Route 53 hosted zone for api_domain and relay_domain."
  type        = string
}

variable "api_domain" {
  description = "Name of the API load balancer (origin, poller); CloudFront and the relays connect to it."
  type        = string
}

variable "relay_domain" {
  description = "Name of the relay load balancer; CloudFront connects to it."
  type        = string
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
  description = "Partitions of the comments topic (docs/capacity.md)."
  type        = number
  default     = 6
}
