package io.livecomments.origin.write;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CommentTextTest {
  @Test
  void bidiOverridesEmbeddingsAndIsolatesAreStripped() {
    assertThat(CommentText.normalize("look: \u202Egnp.exe")).isEqualTo("look: gnp.exe");
    assertThat(CommentText.normalize("a\u202Ab\u202Bc\u202Cd\u202De")).isEqualTo("abcde");
    assertThat(CommentText.normalize("\u2066x\u2067y\u2068z\u2069")).isEqualTo("xyz");
  }

  @Test
  void rightToLeftTextAndItsMarksAreKept() {
    String hebrew = "\u05E9\u05DC\u05D5\u05DD\u200F!";

    assertThat(CommentText.normalize(hebrew)).isEqualTo(hebrew);
  }

  @Test
  void textOfBidiCharactersOnlyIsEmpty() {
    assertThatThrownBy(() -> CommentText.normalize(" \u202E\u2066 "))
        .isInstanceOfSatisfying(
            InvalidCommentException.class, e -> assertThat(e.reason()).isEqualTo("text-empty"));
  }

  @Test
  void strippedCharactersDoNotCountTowardsTheLimit() {
    String text = "a".repeat(CommentText.MAX_CHARACTERS) + "\u202E";

    assertThat(CommentText.normalize(text)).hasSize(CommentText.MAX_CHARACTERS);
  }
}
