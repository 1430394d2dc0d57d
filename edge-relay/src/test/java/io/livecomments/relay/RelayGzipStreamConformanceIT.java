package io.livecomments.relay;

/**
 * The stream contract, gzip-encoded, served by a relay in front of the origin, every hop with gzip
 * on.
 */
class RelayGzipStreamConformanceIT extends RelayStreamConformanceIT {
  @Override
  protected boolean gzip() {
    return true;
  }
}
