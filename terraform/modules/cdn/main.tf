# CloudFront from cdn-config/cloudfront/*.json, read here with file() and jsondecode() (never
# copied): the snapshot cache policy, the three origin-request policies and the behaviours.
# cdn-config's CloudFrontPoliciesTest checks those files' rules; TerraformTest checks that
# this module reads every one of them.

locals {
  behaviors_file  = jsondecode(file("${path.module}/../../../cdn-config/cloudfront/behaviors.json"))
  cache_snapshots = jsondecode(file("${path.module}/../../../cdn-config/cloudfront/cache-policy-snapshots.json"))
  request_policies = {
    api       = jsondecode(file("${path.module}/../../../cdn-config/cloudfront/origin-request-policy-api.json"))
    snapshots = jsondecode(file("${path.module}/../../../cdn-config/cloudfront/origin-request-policy-snapshots.json"))
    stream    = jsondecode(file("${path.module}/../../../cdn-config/cloudfront/origin-request-policy-stream.json"))
  }

  ordered_behaviors = [for b in local.behaviors_file.Behaviors : b if b.PathPattern != "Default (*)"]
  default_behavior  = one([for b in local.behaviors_file.Behaviors : b if b.PathPattern == "Default (*)"])

  # Policy names in behaviors.json -> ids.
  cache_policy_ids = zipmap(
    ["Managed-CachingDisabled", local.cache_snapshots.Name],
    [data.aws_cloudfront_cache_policy.caching_disabled.id, aws_cloudfront_cache_policy.snapshots.id],
  )
  request_policy_ids = { for k, p in local.request_policies : p.Name => aws_cloudfront_origin_request_policy.this[k].id }
}

data "aws_cloudfront_cache_policy" "caching_disabled" {
  name = "Managed-CachingDisabled"
}

resource "aws_cloudfront_cache_policy" "snapshots" {
  # CloudFront takes at most 128 characters of comment; the files say more.
  name        = "${local.cache_snapshots.Name}-${var.name}"
  comment     = substr(local.cache_snapshots.Comment, 0, 128)
  min_ttl     = local.cache_snapshots.MinTTL
  default_ttl = local.cache_snapshots.DefaultTTL
  max_ttl     = local.cache_snapshots.MaxTTL

  parameters_in_cache_key_and_forwarded_to_origin {
    enable_accept_encoding_gzip   = local.cache_snapshots.ParametersInCacheKeyAndForwardedToOrigin.EnableAcceptEncodingGzip
    enable_accept_encoding_brotli = local.cache_snapshots.ParametersInCacheKeyAndForwardedToOrigin.EnableAcceptEncodingBrotli

    headers_config {
      header_behavior = local.cache_snapshots.ParametersInCacheKeyAndForwardedToOrigin.HeadersConfig.HeaderBehavior
    }
    cookies_config {
      cookie_behavior = local.cache_snapshots.ParametersInCacheKeyAndForwardedToOrigin.CookiesConfig.CookieBehavior
    }
    query_strings_config {
      query_string_behavior = local.cache_snapshots.ParametersInCacheKeyAndForwardedToOrigin.QueryStringsConfig.QueryStringBehavior
    }
  }
}

resource "aws_cloudfront_origin_request_policy" "this" {
  for_each = local.request_policies
  name     = "${each.value.Name}-${var.name}"
  comment  = substr(each.value.Comment, 0, 128)

  headers_config {
    header_behavior = each.value.HeadersConfig.HeaderBehavior
    dynamic "headers" {
      for_each = each.value.HeadersConfig.HeaderBehavior == "whitelist" ? [each.value.HeadersConfig.Headers.Items] : []
      content {
        items = headers.value
      }
    }
  }

  cookies_config {
    cookie_behavior = each.value.CookiesConfig.CookieBehavior
  }

  query_strings_config {
    query_string_behavior = each.value.QueryStringsConfig.QueryStringBehavior
  }
}

resource "aws_cloudfront_distribution" "this" {
  enabled         = true
  comment         = "live-comments ${var.name}"
  is_ipv6_enabled = true
  http_version    = "http2and3"
  price_class     = var.price_class
  aliases         = var.aliases

  dynamic "origin" {
    for_each = local.behaviors_file.Origins
    content {
      origin_id   = origin.key
      domain_name = var.origin_domains[origin.key]

      custom_origin_config {
        http_port              = 80
        https_port             = 443
        origin_protocol_policy = "https-only"
        origin_ssl_protocols   = ["TLSv1.2"]
        # Above the heartbeat (15 s), so a quiet stream is never cut; behaviors.json sets them.
        origin_read_timeout      = try(origin.value.ReadTimeoutSeconds, 30)
        origin_keepalive_timeout = try(origin.value.KeepaliveTimeoutSeconds, 5)
      }

      dynamic "origin_shield" {
        for_each = try(origin.value.OriginShield.Enabled, false) ? [origin.value.OriginShield] : []
        content {
          enabled              = true
          origin_shield_region = coalesce(var.origin_shield_region, origin_shield.value.Region)
        }
      }
    }
  }

  dynamic "ordered_cache_behavior" {
    for_each = local.ordered_behaviors
    content {
      path_pattern             = ordered_cache_behavior.value.PathPattern
      target_origin_id         = ordered_cache_behavior.value.TargetOrigin
      allowed_methods          = ordered_cache_behavior.value.AllowedMethods
      cached_methods           = ordered_cache_behavior.value.CachedMethods
      cache_policy_id          = local.cache_policy_ids[ordered_cache_behavior.value.CachePolicy]
      origin_request_policy_id = local.request_policy_ids[ordered_cache_behavior.value.OriginRequestPolicy]
      compress                 = ordered_cache_behavior.value.Compress
      viewer_protocol_policy   = ordered_cache_behavior.value.ViewerProtocolPolicy
    }
  }

  default_cache_behavior {
    target_origin_id         = local.default_behavior.TargetOrigin
    allowed_methods          = local.default_behavior.AllowedMethods
    cached_methods           = local.default_behavior.CachedMethods
    cache_policy_id          = local.cache_policy_ids[local.default_behavior.CachePolicy]
    origin_request_policy_id = local.request_policy_ids[local.default_behavior.OriginRequestPolicy]
    compress                 = local.default_behavior.Compress
    viewer_protocol_policy   = local.default_behavior.ViewerProtocolPolicy
  }

  restrictions {
    geo_restriction {
      restriction_type = "none"
    }
  }

  viewer_certificate {
    cloudfront_default_certificate = length(var.aliases) == 0
    acm_certificate_arn            = length(var.aliases) == 0 ? null : var.certificate_arn
    ssl_support_method             = length(var.aliases) == 0 ? null : "sni-only"
    minimum_protocol_version       = length(var.aliases) == 0 ? "TLSv1" : "TLSv1.2_2021"
  }

  tags = var.tags
}
