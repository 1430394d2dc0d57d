output "vpc_id" {
  description = "The VPC."
  value       = aws_vpc.this.id
}

output "vpc_cidr" {
  description = "The VPC's address range."
  value       = aws_vpc.this.cidr_block
}

output "public_subnet_ids" {
  description = "One public subnet per AZ (load balancers)."
  value       = aws_subnet.public[*].id
}

output "private_subnet_ids" {
  description = "One private subnet per AZ (tasks, MSK, ElastiCache)."
  value       = aws_subnet.private[*].id
}

output "nat_public_ips" {
  description = "The addresses this VPC's tasks reach the internet from; another region's origin load balancer allows them (relays subscribing upstream)."
  value       = aws_eip.nat[*].public_ip
}
