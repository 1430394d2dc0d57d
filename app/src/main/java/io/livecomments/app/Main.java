package io.livecomments.app;

/** Placeholder until the CLI lands. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {}
}
