package io.livecomments.origin;

/** The stream contract, gzip-encoded, served by the origin itself with gzip on. */
class OriginGzipStreamConformanceIT extends OriginBackedStreamConformance {
  @Override
  protected boolean gzip() {
    return true;
  }
}
