package io.livecomments.origin;

/** The stream contract, served by the origin itself. */
class OriginStreamConformanceIT extends OriginBackedStreamConformance {}
