package io.livecomments.relay;

/**
 * The stream contract, gzip-encoded, served by a relay behind another relay in front of the origin,
 * every hop with gzip on.
 */
class ChainedRelayGzipStreamConformanceIT extends ChainedRelayStreamConformanceIT {
  @Override
  protected boolean gzip() {
    return true;
  }
}
