variable "name" {
  description = "Prefix of every resource name, e.g. lc-production."
  type        = string
}

variable "cidr_block" {
  description = "The VPC's address range; each AZ gets one public and one private /20 out of it (cidrsubnet(cidr, 4, n))."
  type        = string
  default     = "10.40.0.0/16"
}

variable "az_count" {
  description = "How many availability zones to spread over (MSK wants its broker count a multiple of this)."
  type        = number
  default     = 3
}

variable "single_nat_gateway" {
  description = "One NAT gateway for all AZs (cheaper, staging) instead of one per AZ (production: an AZ outage keeps the others' egress)."
  type        = bool
  default     = false
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
