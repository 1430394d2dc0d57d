package io.livecomments.app;

import io.livecomments.ratelimit.RateLimit;
import io.livecomments.time.Durations;
import java.time.Duration;
import java.util.function.Function;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one runnable jar: {@code java -jar live-comments.jar ROLE [options]}. */
@Command(
    name = "live-comments",
    mixinStandardHelpOptions = true,
    version = "live-comments 0.1.0",
    description = "Live-video comments: broadcast to every viewer within ~200 ms.",
    subcommands = {
      AllInOneCommand.class,
      OriginCommand.class,
      RelayCommand.class,
      PollerCommand.class
    })
public final class Main implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  public static void main(String[] args) {
    int exit = commandLine().execute(args);
    if (exit != 0) {
      System.exit(exit);
    }
  }

  static CommandLine commandLine() {
    return new CommandLine(new Main())
        .registerConverter(Duration.class, parsing(Durations::parse))
        .registerConverter(RateLimit.class, parsing(RateLimit::parse));
  }

  /** {@code parse} as an option type: a value it refuses is a usage error saying why. */
  static <T> CommandLine.ITypeConverter<T> parsing(Function<String, T> parse) {
    return value -> {
      try {
        return parse.apply(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    };
  }

  @Override
  public void run() {
    throw new CommandLine.ParameterException(
        spec.commandLine(), "name a role: all-in-one, origin, relay or poller");
  }
}
