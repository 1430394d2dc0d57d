variable "name" {
  description = "The MSK cluster's name."
  type        = string
}

variable "vpc_id" {
  description = "The VPC (network module)."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per AZ; the broker count is a multiple of their number."
  type        = list(string)
}

variable "kafka_version" {
  description = "MSK's Kafka version."
  type        = string
  default     = "3.8.x"
}

variable "broker_instance_type" {
  description = "Broker size. docs/capacity.md sizes it: kafka.m7g.large carries the 50,000 comments/s peak on 3 brokers with room."
  type        = string
  default     = "kafka.m7g.large"
}

variable "brokers_per_az" {
  description = "Brokers in each AZ (total = this x the number of subnets)."
  type        = number
  default     = 1
}

variable "broker_volume_gb" {
  description = "EBS per broker. At retention_hours of log: peak bytes/s x 3600 x hours x replication / brokers, with headroom (docs/capacity.md)."
  type        = number
  default     = 500
}

variable "topic" {
  description = "The comment topic (the jar's --kafka-topic / LC_KAFKA_TOPIC; its default is comments)."
  type        = string
  default     = "comments"
}

variable "partitions" {
  description = "Partitions of the comment topic: the most origins that share each consumer group's work (docs/capacity.md). Raising it later moves videos between partitions (key = video id): do it between live events."
  type        = number
  default     = 48
}

variable "replication_factor" {
  description = "Copies of each partition; with min.insync.replicas = replication - 1 an acks=all write survives one broker down."
  type        = number
  default     = 3
}

variable "retention_hours" {
  description = "How long the log keeps comments. DynamoDB holds history; the log only needs to outlast a persister outage."
  type        = number
  default     = 24
}

variable "auth" {
  description = "Client authentication: iam (the origin's task role, no password) or sasl-scram (a user whose password lives in Secrets Manager). Always TLS in transit."
  type        = string
  default     = "iam"

  validation {
    condition     = contains(["iam", "sasl-scram"], var.auth)
    error_message = "auth is iam or sasl-scram."
  }
}

variable "scram_username" {
  description = "The SCRAM user the origin logs in as (auth = sasl-scram)."
  type        = string
  default     = "live-comments-origin"
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
