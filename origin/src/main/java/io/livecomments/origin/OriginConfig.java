package io.livecomments.origin;

import io.livecomments.auth.TokenRules;
import io.livecomments.http.OpenFileLimit;
import io.livecomments.origin.batch.BatchPolicy;
import io.livecomments.origin.moderation.ModerationSettings;
import io.livecomments.ratelimit.RateLimit;
import io.livecomments.stream.StreamLimits;
import io.livecomments.stream.StreamSettings;
import java.time.Duration;
import java.util.Objects;

/**
 * Everything the origin can be told, with the defaults a quick start needs.
 *
 * @param host address to bind
 * @param port port to bind; 0 picks a free one
 * @param jwtSecret HS256 secret of at least 32 bytes; null makes a random one and serves {@code
 *     POST /dev/token} (the demo only)
 * @param stream how the origin serves the live stream to relays (and to viewers, without relays)
 * @param moderation thresholds and limits of reports and automatic moderation
 * @param tokens the lifetime, issuer and audience a token must meet besides its signature
 * @param maxInflightPosts comment POSTs the origin holds at once, from their arrival to their
 *     answer (most of it waiting for the log's acknowledgement); more are refused with 503 {@code
 *     inflight-posts-full} and {@code Retry-After}
 */
public record OriginConfig(
    String host,
    int port,
    byte[] jwtSecret,
    RateLimit rateLimit,
    BatchPolicy batchPolicy,
    StreamSettings stream,
    ModerationSettings moderation,
    TokenRules tokens,
    int maxInflightPosts) {
  /** {@link #maxInflightPosts} unless told otherwise. */
  public static final int DEFAULT_MAX_INFLIGHT_POSTS = 1024;

  public OriginConfig {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(stream, "stream");
    Objects.requireNonNull(moderation, "moderation");
    Objects.requireNonNull(tokens, "tokens");
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    if (maxInflightPosts < 1) {
      throw new IllegalArgumentException(
          "maxInflightPosts must be at least 1: " + maxInflightPosts);
    }
  }

  /**
   * The quick start's configuration on {@code host:port}. Its streams are capped for relays as
   * clients: no per-address caps (see {@link StreamLimits#servingRelays}).
   */
  public static OriginConfig defaults(String host, int port) {
    return new OriginConfig(
        host,
        port,
        null,
        RateLimit.DEFAULT,
        BatchPolicy.DEFAULT,
        StreamSettings.DEFAULT.withLimits(StreamLimits.servingRelays(OpenFileLimit.current())),
        ModerationSettings.DEFAULT,
        TokenRules.DEFAULT,
        DEFAULT_MAX_INFLIGHT_POSTS);
  }

  public OriginConfig withAddress(String bindHost, int bindPort) {
    return new OriginConfig(
        bindHost,
        bindPort,
        jwtSecret,
        rateLimit,
        batchPolicy,
        stream,
        moderation,
        tokens,
        maxInflightPosts);
  }

  public OriginConfig withJwtSecret(byte[] secret) {
    return new OriginConfig(
        host, port, secret, rateLimit, batchPolicy, stream, moderation, tokens, maxInflightPosts);
  }

  public OriginConfig withRateLimit(RateLimit limit) {
    return new OriginConfig(
        host, port, jwtSecret, limit, batchPolicy, stream, moderation, tokens, maxInflightPosts);
  }

  public OriginConfig withBatchPolicy(BatchPolicy policy) {
    return new OriginConfig(
        host, port, jwtSecret, rateLimit, policy, stream, moderation, tokens, maxInflightPosts);
  }

  public OriginConfig withStream(StreamSettings settings) {
    return new OriginConfig(
        host,
        port,
        jwtSecret,
        rateLimit,
        batchPolicy,
        settings,
        moderation,
        tokens,
        maxInflightPosts);
  }

  public OriginConfig withModeration(ModerationSettings settings) {
    return new OriginConfig(
        host, port, jwtSecret, rateLimit, batchPolicy, stream, settings, tokens, maxInflightPosts);
  }

  public OriginConfig withTokens(TokenRules rules) {
    return new OriginConfig(
        host, port, jwtSecret, rateLimit, batchPolicy, stream, moderation, rules, maxInflightPosts);
  }

  public OriginConfig withMaxInflightPosts(int max) {
    return new OriginConfig(
        host, port, jwtSecret, rateLimit, batchPolicy, stream, moderation, tokens, max);
  }

  public OriginConfig withHeartbeat(Duration interval) {
    return withStream(stream.withHeartbeat(interval));
  }
}
