variable "table_name" {
  description = "The comment table (the jar's --dynamo-table / LC_DYNAMO_TABLE)."
  type        = string
  default     = "comments"
}

variable "moderation_table_name" {
  description = "The moderation table: reports, decisions and the review queue (the jar's --dynamo-moderation-table / LC_DYNAMO_MODERATION_TABLE)."
  type        = string
  default     = "comments-moderation"
}

variable "deletion_protection" {
  description = "Refuse DeleteTable on both tables. Turn off only to tear a staging stack down."
  type        = bool
  default     = true
}

variable "tags" {
  description = "Tags for every resource."
  type        = map(string)
  default     = {}
}
