package io.livecomments.poller.snapshot;

import io.livecomments.snapshot.Snapshot;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * A snapshot encoded once for every poller that asks for it: the wire JSON and its strong {@code
 * ETag} (from the bytes, so equal bytes always carry equal tags).
 *
 * @param body UTF-8 JSON; never modified after construction, handed out as read-only views
 */
public record EncodedSnapshot(Snapshot snapshot, byte[] body, String etag) {
  public EncodedSnapshot {
    Objects.requireNonNull(snapshot, "snapshot");
    Objects.requireNonNull(body, "body");
    Objects.requireNonNull(etag, "etag");
  }

  public static EncodedSnapshot of(Snapshot snapshot, byte[] body) {
    CRC32 crc = new CRC32();
    crc.update(body);
    String etag =
        "\""
            + snapshot.second()
            + "-"
            + snapshot.lastSeq()
            + "-"
            + Long.toHexString(crc.getValue())
            + "\"";
    return new EncodedSnapshot(snapshot, body, etag);
  }
}
