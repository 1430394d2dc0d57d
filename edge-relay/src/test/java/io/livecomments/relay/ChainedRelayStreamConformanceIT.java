package io.livecomments.relay;

import io.livecomments.origin.OriginBackedStreamConformance;
import java.net.URI;
import java.util.function.Consumer;

/** The stream contract, served by a relay behind another relay in front of the origin. */
class ChainedRelayStreamConformanceIT extends OriginBackedStreamConformance {
  @Override
  protected final URI inFrontOf(URI origin, Consumer<AutoCloseable> started) throws Exception {
    RunningRelay inner = new RunningRelay(origin, RunningRelay.withGzip(gzip()));
    started.accept(inner);
    RunningRelay relay = new RunningRelay(inner.base(), RunningRelay.withGzip(gzip()));
    started.accept(relay);
    return relay.base();
  }
}
