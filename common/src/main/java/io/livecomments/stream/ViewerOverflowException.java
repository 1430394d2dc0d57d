package io.livecomments.stream;

/** A viewer fell further behind than its {@link ViewerLimits} allow and was dropped. */
final class ViewerOverflowException extends Exception {
  private static final long serialVersionUID = 1L;

  ViewerOverflowException() {
    super("the viewer fell behind past its queue limits", null, false, false);
  }
}
