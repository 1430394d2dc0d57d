package io.livecomments.relay;

/** A relay under failure, with every hop serving gzip and every viewer asking for it. */
class RelayFaultGzipIT extends RelayFaultIT {
  @Override
  protected boolean gzip() {
    return true;
  }
}
