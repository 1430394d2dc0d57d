variable "name" {
  description = "The replication group's id."
  type        = string
}

variable "vpc_id" {
  description = "The VPC (network module)."
  type        = string
}

variable "subnet_ids" {
  description = "Private subnets, one per AZ."
  type        = list(string)
}

variable "node_type" {
  description = "Node size per shard (docs/capacity.md: fan-out publishes and snapshot writes are the load)."
  type        = string
  default     = "cache.r7g.large"
}

variable "shards" {
  description = "Node groups (shards) of the cluster. Per-video keys and channels hash to one slot by their {videoId} tag, so shards spread videos, not one video's load."
  type        = number
  default     = 3
}

variable "replicas_per_shard" {
  description = "Replicas in each shard (automatic failover needs at least 1)."
  type        = number
  default     = 1
}

variable "engine_version" {
  description = "Redis 7.x: sharded pub/sub (SPUBLISH/SSUBSCRIBE) needs 7.0 or later."
  type        = string
  default     = "7.1"
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
