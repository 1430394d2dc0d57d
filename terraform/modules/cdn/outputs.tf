output "domain_name" {
  description = "The distribution's cloudfront.net name (alias viewers' names to it)."
  value       = aws_cloudfront_distribution.this.domain_name
}

output "hosted_zone_id" {
  description = "CloudFront's hosted zone, for alias records."
  value       = aws_cloudfront_distribution.this.hosted_zone_id
}

output "distribution_id" {
  description = "For invalidations and CloudWatch metrics."
  value       = aws_cloudfront_distribution.this.id
}
