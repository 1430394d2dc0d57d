output "viewer_url" {
  description = "Where viewers and commenters go (the CloudFront name; alias your own to it)."
  value       = "https://${module.cdn.domain_name}/"
}

output "cluster_name" {
  description = "The ECS cluster."
  value       = module.service.cluster_name
}
