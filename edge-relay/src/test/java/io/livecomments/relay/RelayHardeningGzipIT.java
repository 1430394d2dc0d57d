package io.livecomments.relay;

/** The relay's hardening, with every hop serving gzip and every viewer asking for it. */
class RelayHardeningGzipIT extends RelayHardeningIT {
  @Override
  protected boolean gzip() {
    return true;
  }
}
