package io.livecomments.idempotency;

import io.livecomments.comment.Comment;
import io.livecomments.comment.VideoId;
import java.util.Objects;

/**
 * One user's post under an {@code Idempotency-Key}: the key is the user's, and it stands for
 * exactly one comment, on one video, with one text. Reused for anything else it is refused.
 *
 * @param userId the author's id (the token's {@code sub}): keys of different users never meet
 * @param key the client's {@code Idempotency-Key}
 * @param videoId the video posted to
 * @param text the comment's text as stored (normalised), so a retry that differs only in what
 *     normalising removes is still the same post
 */
public record IdempotentPost(String userId, String key, VideoId videoId, String text) {
  public IdempotentPost {
    Objects.requireNonNull(userId, "userId");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(videoId, "videoId");
    Objects.requireNonNull(text, "text");
  }

  /**
   * {@code first}, the comment this post's key produced, when it is this post's comment.
   *
   * @throws IdempotencyKeyReusedException when the key produced a comment on another video or with
   *     another text
   */
  public Comment sameAs(Comment first) {
    if (!first.videoId().equals(videoId) || !first.text().equals(text)) {
      throw new IdempotencyKeyReusedException(key);
    }
    return first;
  }
}
