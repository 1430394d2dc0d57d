package io.livecomments.sse;

import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.Cursor;
import io.livecomments.comment.VideoId;
import io.livecomments.json.CommentJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;

/**
 * Encodes the frames of the live stream ({@code text/event-stream}, UTF-8), each once into one
 * exact-size {@code byte[]} that is then shared by every connection. Thread-safe.
 *
 * <p>Frames, every line ended by LF and every frame by exactly one blank line:
 *
 * <ul>
 *   <li>{@code event: comments\nid: <cursor of the batch's last seq>\ndata: <batch JSON>\n\n}
 *   <li>{@code event: reset\ndata: {"videoId":"v1","reason":"..."}\n\n}
 *   <li>{@code event: hide\nid: <cursor of the decision>\ndata:
 *       {"videoId":"v1","ids":["c1",...]}\n\n}
 *   <li>{@code event: unhide\nid: <cursor of the decision>\ndata:
 *       {"videoId":"v1","ids":["c1",...]}\n\n}
 *   <li>{@code retry: <millis>\n\n}
 *   <li>the heartbeat comment {@code :\n\n}
 * </ul>
 *
 * <p>Data is always one line of {@link CommentJson} output, which never contains CR or LF, and ids
 * are decimal cursors, so no comment text can add a line, a field or an event to the stream.
 *
 * <p>The returned arrays are shared: callers must never modify them; hand each connection its own
 * read-only view ({@code ByteBuffer.wrap(frame).asReadOnlyBuffer()}).
 */
public final class SseFrames {
  private static final byte[] COMMENTS_HEAD = ascii("event: comments\nid: ");
  private static final byte[] DATA_AFTER_ID = ascii("\ndata: ");
  private static final byte[] RESET_HEAD = ascii("event: reset\ndata: ");
  private static final byte[] HIDE_HEAD = ascii("event: hide\nid: ");
  private static final byte[] UNHIDE_HEAD = ascii("event: unhide\nid: ");
  private static final byte[] RETRY_HEAD = ascii("retry: ");
  private static final byte[] END = ascii("\n\n");
  private static final byte[] HEARTBEAT = ascii(":\n\n");

  private final CommentJson json;

  public SseFrames(CommentJson json) {
    this.json = Objects.requireNonNull(json, "json");
  }

  /** The {@code comments} frame of a batch; its id is the cursor of the batch's last comment. */
  public byte[] comments(CommentBatch batch) {
    Objects.requireNonNull(batch, "batch");
    byte[] id = ascii(Cursor.encode(batch.lastSeq()));
    int estimate =
        COMMENTS_HEAD.length
            + id.length
            + DATA_AFTER_ID.length
            + CommentJson.estimateBatchSize(batch)
            + END.length;
    ByteArrayBuilder out = new ByteArrayBuilder(estimate);
    out.write(COMMENTS_HEAD);
    out.write(id);
    out.write(DATA_AFTER_ID);
    try {
      json.writeBatch(batch, out);
    } catch (IOException e) {
      throw inMemory(e);
    }
    out.write(END);
    return out.toByteArray();
  }

  /**
   * The {@code reset} frame: the client's position is older than this hop holds, it must re-read
   * history. Carries no id, so the client's last event id stays in effect.
   */
  public byte[] reset(VideoId videoId, String reason) {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(reason, "reason");
    ByteArrayBuilder out = new ByteArrayBuilder(RESET_HEAD.length + 96 + reason.length());
    out.write(RESET_HEAD);
    try {
      json.writeReset(videoId, reason, out);
    } catch (IOException e) {
      throw inMemory(e);
    }
    out.write(END);
    return out.toByteArray();
  }

  /**
   * The frame of a moderation decision, named by its action ({@code hide} or {@code unhide}): its
   * id is the decision's cursor, its data the video and the ids decided on.
   */
  public byte[] decision(Comment decision) {
    Objects.requireNonNull(decision, "decision");
    if (!decision.isDecision()) {
      throw new IllegalArgumentException(decision.id() + " is not a decision");
    }
    byte[] head =
        switch (decision.moderation().action()) {
          case HIDE -> HIDE_HEAD;
          case UNHIDE -> UNHIDE_HEAD;
        };
    List<String> ids = decision.moderation().commentIds();
    byte[] id = ascii(Cursor.encode(decision.seq()));
    ByteArrayBuilder out = new ByteArrayBuilder(head.length + id.length + 96 + 32 * ids.size());
    out.write(head);
    out.write(id);
    out.write(DATA_AFTER_ID);
    try {
      json.writeHide(decision.videoId(), ids, out);
    } catch (IOException e) {
      throw inMemory(e);
    }
    out.write(END);
    return out.toByteArray();
  }

  /** The {@code retry} frame: the reconnection delay the client should use from now on. */
  public byte[] retry(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("retry millis must not be negative: " + millis);
    }
    byte[] value = ascii(Long.toString(millis));
    byte[] frame = new byte[RETRY_HEAD.length + value.length + END.length];
    System.arraycopy(RETRY_HEAD, 0, frame, 0, RETRY_HEAD.length);
    System.arraycopy(value, 0, frame, RETRY_HEAD.length, value.length);
    System.arraycopy(END, 0, frame, RETRY_HEAD.length + value.length, END.length);
    return frame;
  }

  /**
   * The heartbeat comment {@code ":\n\n"}: one array shared by every caller, which must never
   * modify it.
   */
  public byte[] heartbeat() {
    return HEARTBEAT;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  private static UncheckedIOException inMemory(IOException e) {
    // Only reachable through a Jackson constraint violation: the target is in memory.
    return new UncheckedIOException("encoding a frame to memory failed", e);
  }
}
