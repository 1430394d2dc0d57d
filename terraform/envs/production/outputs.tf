output "distribution_domain" {
  description = "The CloudFront name; alias the viewers' names (var.aliases) to it."
  value       = module.cdn.domain_name
}

output "clusters" {
  description = "ECS cluster per region key (primary, eu, ap)."
  value = {
    primary = module.service.cluster_name
    eu      = module.service_eu.cluster_name
    ap      = module.service_ap.cluster_name
  }
}
