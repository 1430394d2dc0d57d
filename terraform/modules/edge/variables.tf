variable "name" {
  description = "Prefix of the load balancers' and target groups' names (keep it short: AWS allows 32 characters with the suffixes)."
  type        = string
}

variable "vpc_id" {
  description = "The VPC (network module)."
  type        = string
}

variable "vpc_cidr" {
  description = "The VPC's range: the load balancers talk to tasks inside it only."
  type        = string
}

variable "public_subnet_ids" {
  description = "Public subnets, one per AZ."
  type        = list(string)
}

variable "create_api" {
  description = "Create the API load balancer (origin + poller). False in regions that only run relays."
  type        = bool
  default     = true
}

variable "certificate_arn" {
  description = "ACM certificate (this region) for the names CloudFront uses to reach these load balancers (api_domain, relay_domain)."
  type        = string
}

variable "api_extra_cidrs" {
  description = "Besides CloudFront, who may reach the API load balancer: the NAT addresses of every region's relays (they subscribe to the origin's stream through it)."
  type        = list(string)
  default     = []
}

variable "ports" {
  description = "Container ports of the roles: the jar's defaults (origin 8080, relay 8081, poller 8082), set as LC_PORT by the service module."
  type        = map(number)
  default = {
    origin = 8080
    relay  = 8081
    poller = 8082
  }
}

variable "health_check_path" {
  description = "Every role answers /readyz: 503 while a backend is down or the relay drains."
  type        = string
  default     = "/readyz"
}

variable "api_idle_timeout" {
  description = "Seconds the API load balancer keeps an idle connection. Relays' upstream streams pass through it: must exceed the heartbeat (LC_HEARTBEAT, 15 s)."
  type        = number
  default     = 60
}

variable "relay_idle_timeout" {
  description = "Seconds the relay load balancer keeps an idle connection: must exceed the heartbeat (LC_HEARTBEAT, 15 s), or quiet streams are cut."
  type        = number
  default     = 60
}

variable "relay_deregistration_delay" {
  description = "Seconds a relay leaving the target group keeps its open streams: at least its drain (LC_DRAIN, 30 s). See terraform/README.md for how ECS orders this and SIGTERM."
  type        = number
  default     = 45
}

variable "api_deregistration_delay" {
  description = "Seconds an origin or poller leaving the target group gets to finish requests (held polls last <= 1.5 s, POSTs <= 3 s; the origin's own streams are relays' upstreams, which reconnect with Last-Event-ID)."
  type        = number
  default     = 20
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
