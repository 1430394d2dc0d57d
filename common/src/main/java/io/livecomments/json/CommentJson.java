package io.livecomments.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import io.livecomments.comment.Comment;
import io.livecomments.comment.CommentBatch;
import io.livecomments.comment.CommentDraft;
import io.livecomments.comment.VideoId;
import io.livecomments.snapshot.Snapshot;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The JSON wire shapes of comments, batches, history pages and the {@code reset}/{@code
 * hide}/{@code unhide} event data. Thread-safe; one instance serves the whole process.
 *
 * <p>Shapes, with fields always written in this order:
 *
 * <pre>
 * comment: {"id":"c1","seq":12,"videoId":"v1","author":{"id":"u1","name":"Alice"[,"priority":true]},
 *           "text":"hi","createdAt":1700000000000}    (on one line)
 * decision: a comment shape (text "", author the moderator or "auto") that also carries
 *           "moderation":{"action":"hide"|"unhide","ids":["c1",...],"reason":"..."}
 * draft:   a comment or decision shape without "seq" (on its way into the log: a Kafka record)
 * batch:   {"videoId":"v1","represents":3,"comments":[comment,...]}
 * page:    {"comments":[comment,...],"nextCursor":"41" or null,"hasMore":true}
 *          (a moderator's page may mark comments {...,"hidden":true}: written, not read back)
 * reset:   {"videoId":"v1","reason":"..."}
 * hide:    {"videoId":"v1","ids":["c1",...]}   (the data of unhide events too)
 * snapshot: {"videoId":"v1","second":1700000000,"represents":3,"lastSeq":41,"comments":[comment,...]
 *            [,"hidden":["c1",...]][,"restored":[comment,...]]}
 *            (hidden: comments of earlier seconds a decision of this one hid; restored: comments of
 *            earlier seconds an unhide of this one brought back, in full, oldest first; each
 *            written only when not empty)
 * </pre>
 *
 * <p>Output is UTF-8 on a single line: every control character in a string is escaped, so no CR or
 * LF ever appears in the bytes and the JSON can be an SSE {@code data} line as it is; U+2028 and
 * U+2029 are escaped too, for JavaScript contexts. Characters outside the BMP are written as 4-byte
 * UTF-8, not as escapes. An unpaired surrogate in any string is <em>replaced</em> with U+FFFD
 * before writing, so the bytes are always valid UTF-8 and decode to well-formed text. The same
 * input always yields the same bytes.
 *
 * <p>Reading is strict: a missing field, a value of the wrong type, an invalid video id, a
 * duplicate field, malformed JSON or anything after the root object is an {@link
 * IllegalArgumentException} whose message names the field as a JSON pointer (e.g. {@code
 * /comments/2/seq}). Unknown fields are skipped so that a newer hop can add fields without breaking
 * an older one.
 */
public final class CommentJson {
  private static final SerializedString ID = new SerializedString("id");
  private static final SerializedString SEQ = new SerializedString("seq");
  private static final SerializedString VIDEO_ID = new SerializedString("videoId");
  private static final SerializedString AUTHOR = new SerializedString("author");
  private static final SerializedString PRIORITY = new SerializedString("priority");
  private static final SerializedString NAME = new SerializedString("name");
  private static final SerializedString TEXT = new SerializedString("text");
  private static final SerializedString CREATED_AT = new SerializedString("createdAt");
  private static final SerializedString REPRESENTS = new SerializedString("represents");
  private static final SerializedString COMMENTS = new SerializedString("comments");
  private static final SerializedString NEXT_CURSOR = new SerializedString("nextCursor");
  private static final SerializedString HAS_MORE = new SerializedString("hasMore");
  private static final SerializedString REASON = new SerializedString("reason");
  private static final SerializedString IDS = new SerializedString("ids");
  private static final SerializedString SECOND = new SerializedString("second");
  private static final SerializedString LAST_SEQ = new SerializedString("lastSeq");
  private static final SerializedString HIDDEN = new SerializedString("hidden");
  private static final SerializedString RESTORED = new SerializedString("restored");
  private static final SerializedString MODERATION = new SerializedString("moderation");
  private static final SerializedString ACTION = new SerializedString("action");

  /** Rough encoded size of a comment without its text, to size buffers in one go. */
  private static final int COMMENT_OVERHEAD = 160;

  private final JsonFactory factory;

  public CommentJson() {
    this.factory =
        new JsonFactoryBuilder()
            .characterEscapes(new WireEscapes())
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
  }

  /** A history page as read back from the wire. */
  public record HistoryPage(List<Comment> comments, String nextCursor, boolean hasMore) {
    public HistoryPage {
      comments = List.copyOf(comments);
    }
  }

  /** The data of a {@code reset} event: the client must re-read history. */
  public record ResetNotice(VideoId videoId, String reason) {
    public ResetNotice {
      Objects.requireNonNull(videoId, "videoId");
      Objects.requireNonNull(reason, "reason");
    }
  }

  /**
   * The data of a {@code hide} or {@code unhide} event: the comment ids a moderation decision
   * removes or puts back (the event's name says which).
   */
  public record HideNotice(VideoId videoId, List<String> ids) {
    public HideNotice {
      Objects.requireNonNull(videoId, "videoId");
      ids = List.copyOf(ids);
    }
  }

  public byte[] comment(Comment comment) {
    Objects.requireNonNull(comment, "comment");
    ByteArrayBuilder out = new ByteArrayBuilder(COMMENT_OVERHEAD + comment.text().length());
    try (JsonGenerator g = factory.createGenerator(out)) {
      writeComment(g, comment);
    } catch (IOException e) {
      throw inMemory(e);
    }
    return out.toByteArray();
  }

  /**
   * A draft: the comment shape without {@code seq}, so that whatever a comment carries (its
   * author's priority, a moderation decision) goes into the log and comes back out through one
   * codec.
   */
  public byte[] draft(CommentDraft draft) {
    Objects.requireNonNull(draft, "draft");
    ByteArrayBuilder out = new ByteArrayBuilder(COMMENT_OVERHEAD + draft.text().length());
    try (JsonGenerator g = factory.createGenerator(out)) {
      // The comment writer itself, so that every field a comment carries goes into the log too.
      writeComment(g, draft.at(1), false, false);
    } catch (IOException e) {
      throw inMemory(e);
    }
    return out.toByteArray();
  }

  public byte[] batch(CommentBatch batch) {
    Objects.requireNonNull(batch, "batch");
    ByteArrayBuilder out = new ByteArrayBuilder(estimateBatchSize(batch));
    try {
      writeBatch(batch, out);
    } catch (IOException e) {
      throw inMemory(e);
    }
    return out.toByteArray();
  }

  /**
   * Writes the batch shape to {@code out} without closing it, so that a caller can frame it without
   * copying (see {@code SseFrames}).
   */
  public void writeBatch(CommentBatch batch, OutputStream out) throws IOException {
    Objects.requireNonNull(batch, "batch");
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(VIDEO_ID);
      g.writeString(batch.videoId().value());
      g.writeFieldName(REPRESENTS);
      g.writeNumber(batch.represents());
      g.writeFieldName(COMMENTS);
      g.writeStartArray();
      for (Comment comment : batch.comments()) {
        writeComment(g, comment);
      }
      g.writeEndArray();
      g.writeEndObject();
    }
  }

  /** A 1-second snapshot, as pollers read it and as the snapshot store holds it. */
  public byte[] snapshot(Snapshot snapshot) {
    Objects.requireNonNull(snapshot, "snapshot");
    ByteArrayBuilder out =
        new ByteArrayBuilder(estimate(snapshot.comments()) + estimate(snapshot.restored()));
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(VIDEO_ID);
      g.writeString(snapshot.videoId().value());
      g.writeFieldName(SECOND);
      g.writeNumber(snapshot.second());
      g.writeFieldName(REPRESENTS);
      g.writeNumber(snapshot.represents());
      g.writeFieldName(LAST_SEQ);
      g.writeNumber(snapshot.lastSeq());
      g.writeFieldName(COMMENTS);
      g.writeStartArray();
      for (Comment comment : snapshot.comments()) {
        writeComment(g, comment);
      }
      g.writeEndArray();
      if (!snapshot.hidden().isEmpty()) {
        g.writeFieldName(HIDDEN);
        writeStrings(g, snapshot.hidden());
      }
      if (!snapshot.restored().isEmpty()) {
        g.writeFieldName(RESTORED);
        g.writeStartArray();
        for (Comment comment : snapshot.restored()) {
          writeComment(g, comment);
        }
        g.writeEndArray();
      }
      g.writeEndObject();
    } catch (IOException e) {
      throw inMemory(e);
    }
    return out.toByteArray();
  }

  /** A page of history; {@code nextCursor} is null when there is nothing further. */
  public byte[] page(List<Comment> comments, String nextCursor, boolean hasMore) {
    return page(comments, nextCursor, hasMore, Set.of());
  }

  /**
   * A moderator's page of history: the comments named in {@code hidden} carry {@code "hidden":true}
   * after their other fields.
   */
  public byte[] page(
      List<Comment> comments, String nextCursor, boolean hasMore, Set<String> hidden) {
    Objects.requireNonNull(comments, "comments");
    Objects.requireNonNull(hidden, "hidden");
    ByteArrayBuilder out = new ByteArrayBuilder(estimate(comments));
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(COMMENTS);
      g.writeStartArray();
      for (Comment comment : comments) {
        writeComment(g, comment, hidden.contains(comment.id()));
      }
      g.writeEndArray();
      g.writeFieldName(NEXT_CURSOR);
      if (nextCursor == null) {
        g.writeNull();
      } else {
        g.writeString(WireEscapes.wellFormed(nextCursor));
      }
      g.writeFieldName(HAS_MORE);
      g.writeBoolean(hasMore);
      g.writeEndObject();
    } catch (IOException e) {
      throw inMemory(e);
    }
    return out.toByteArray();
  }

  /** Writes the reset shape to {@code out} without closing it. */
  public void writeReset(VideoId videoId, String reason, OutputStream out) throws IOException {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(reason, "reason");
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(VIDEO_ID);
      g.writeString(videoId.value());
      g.writeFieldName(REASON);
      g.writeString(WireEscapes.wellFormed(reason));
      g.writeEndObject();
    }
  }

  /**
   * Writes the hide shape (the data of hide and unhide events) to {@code out} without closing it.
   */
  public void writeHide(VideoId videoId, List<String> ids, OutputStream out) throws IOException {
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(ids, "ids");
    try (JsonGenerator g = factory.createGenerator(out)) {
      g.writeStartObject();
      g.writeFieldName(VIDEO_ID);
      g.writeString(videoId.value());
      g.writeFieldName(IDS);
      writeStrings(g, ids);
      g.writeEndObject();
    }
  }

  /**
   * Reads one comment shape.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public Comment readComment(String json) {
    return read(json, WireReader::comment);
  }

  /**
   * Reads one draft shape: UTF-8 bytes as {@link #draft} writes them.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public CommentDraft readDraft(byte[] json) {
    Objects.requireNonNull(json, "json");
    try (JsonParser p = factory.createParser(json)) {
      return WireReader.readRoot(p, WireReader::draft);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  /**
   * Reads one batch shape.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public CommentBatch readBatch(String json) {
    return read(json, WireReader::batch);
  }

  /**
   * Reads one snapshot shape.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public Snapshot readSnapshot(String json) {
    return read(json, WireReader::snapshot);
  }

  /**
   * Reads one page shape.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public HistoryPage readPage(String json) {
    return read(json, WireReader::page);
  }

  /**
   * Reads the data of a reset event.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public ResetNotice readReset(String json) {
    return read(json, WireReader::reset);
  }

  /**
   * Reads the data of a hide or unhide event.
   *
   * @throws IllegalArgumentException naming the bad field
   */
  public HideNotice readHide(String json) {
    return read(json, WireReader::hide);
  }

  /** A buffer size that usually holds the encoded batch without growing: a sizing hint only. */
  public static int estimateBatchSize(CommentBatch batch) {
    return estimate(batch.comments());
  }

  private static int estimate(List<Comment> comments) {
    int estimate = 64;
    for (Comment comment : comments) {
      estimate += COMMENT_OVERHEAD + comment.text().length();
    }
    return estimate;
  }

  private static void writeComment(JsonGenerator g, Comment comment) throws IOException {
    writeComment(g, comment, false);
  }

  private static void writeComment(JsonGenerator g, Comment comment, boolean hidden)
      throws IOException {
    writeComment(g, comment, hidden, true);
  }

  /** The comment shape; without {@code withSeq}, a draft's: no seq. */
  private static void writeComment(
      JsonGenerator g, Comment comment, boolean hidden, boolean withSeq) throws IOException {
    g.writeStartObject();
    g.writeFieldName(ID);
    g.writeString(WireEscapes.wellFormed(comment.id()));
    if (withSeq) {
      g.writeFieldName(SEQ);
      g.writeNumber(comment.seq());
    }
    g.writeFieldName(VIDEO_ID);
    g.writeString(comment.videoId().value());
    g.writeFieldName(AUTHOR);
    g.writeStartObject();
    g.writeFieldName(ID);
    g.writeString(WireEscapes.wellFormed(comment.author().id()));
    g.writeFieldName(NAME);
    g.writeString(WireEscapes.wellFormed(comment.author().name()));
    if (comment.author().priority()) {
      g.writeFieldName(PRIORITY);
      g.writeBoolean(true);
    }
    g.writeEndObject();
    g.writeFieldName(TEXT);
    g.writeString(WireEscapes.wellFormed(comment.text()));
    g.writeFieldName(CREATED_AT);
    g.writeNumber(comment.createdAt());
    if (comment.moderation() != null) {
      g.writeFieldName(MODERATION);
      g.writeStartObject();
      g.writeFieldName(ACTION);
      g.writeString(comment.moderation().action().wire());
      g.writeFieldName(IDS);
      writeStrings(g, comment.moderation().commentIds());
      g.writeFieldName(REASON);
      g.writeString(WireEscapes.wellFormed(comment.moderation().reason()));
      g.writeEndObject();
    }
    if (hidden) {
      g.writeFieldName(HIDDEN);
      g.writeBoolean(true);
    }
    g.writeEndObject();
  }

  private static void writeStrings(JsonGenerator g, List<String> values) throws IOException {
    g.writeStartArray();
    for (String value : values) {
      g.writeString(WireEscapes.wellFormed(Objects.requireNonNull(value, "comment id")));
    }
    g.writeEndArray();
  }

  private <T> T read(String json, WireReader.Reader<T> root) {
    Objects.requireNonNull(json, "json");
    try (JsonParser p = factory.createParser(json)) {
      return WireReader.readRoot(p, root);
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getMessage(), e);
    }
  }

  private static UncheckedIOException inMemory(IOException e) {
    // Only reachable through a Jackson constraint violation: the target is in memory.
    return new UncheckedIOException("encoding to memory failed", e);
  }
}
