variable "name" {
  description = "The distribution's comment and the policies' name suffix, e.g. production. Policy names come from cdn-config/cloudfront/*.json; CloudFront wants them unique per account, so a second stack in one account gets this suffix."
  type        = string
}

variable "origin_domains" {
  description = "Host name CloudFront connects to (over HTTPS) for each origin the behaviors name: origin and poller (the API load balancer's name), relays (the relay load balancers' name; in production a latency-routed name over the three regions)."
  type = object({
    origin = string
    poller = string
    relays = string
  })
}

variable "origin_shield_region" {
  description = "Region of the origin shield in front of the poller; null keeps the Region in cdn-config/cloudfront/behaviors.json. Put it where the poller runs."
  type        = string
  default     = null
}

variable "aliases" {
  description = "Viewers' host names for the distribution (empty: the cloudfront.net name)."
  type        = list(string)
  default     = []
}

variable "certificate_arn" {
  description = "ACM certificate in us-east-1 for the aliases (null with no aliases)."
  type        = string
  default     = null
}

variable "price_class" {
  description = "CloudFront price class: which edge locations serve viewers."
  type        = string
  default     = "PriceClass_All"
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
