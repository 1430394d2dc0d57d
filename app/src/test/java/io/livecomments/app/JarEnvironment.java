package io.livecomments.app;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The {@code LC_*} variables the jar reads, found in the code rather than listed: the {@code
 * ${env:LC_X[:-default]}} default of every picocli {@code @Option} reachable from {@link Main}'s
 * subcommands (through {@code @Mixin}s), plus every {@code System.getenv("LC_X")} in the main
 * sources of the repository's modules, also where the name is a constant ({@code
 * System.getenv(Options.NAME)} with {@code NAME = "LC_X"} in those sources). Maps each name to its
 * default ("" when it has none).
 */
final class JarEnvironment {
  private static final Pattern OPTION_ENV =
      Pattern.compile("\\$\\{env:(LC_[A-Z0-9_]+)(?::-([^}]*))?}");
  private static final Pattern GETENV =
      Pattern.compile("System\\.getenv\\(\\s*(?:\"(LC_[A-Z0-9_]+)\"|(?:\\w+\\.)*(\\w+))\\s*\\)");
  private static final Pattern CONSTANT =
      Pattern.compile("\\b(\\w+)\\s*=\\s*\"(LC_[A-Z0-9_]+)\"\\s*;");

  private final Map<String, String> defaults;

  private JarEnvironment(Map<String, String> defaults) {
    this.defaults = defaults;
  }

  /** Reads the options of every role and scans the main sources under {@code repositoryRoot}. */
  static JarEnvironment of(Path repositoryRoot) {
    Map<String, String> found = new TreeMap<>();
    for (Class<?> role : Main.class.getAnnotation(Command.class).subcommands()) {
      collectOptions(role, found);
    }
    StringBuilder sources = new StringBuilder();
    try (Stream<Path> files = Files.walk(repositoryRoot, 12)) {
      for (Path file :
          files
              .filter(f -> f.toString().endsWith(".java"))
              .filter(f -> f.toString().contains("src" + f.getFileSystem().getSeparator() + "main"))
              .toList()) {
        sources.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    collectGetenv(sources.toString(), found);
    return new JarEnvironment(found);
  }

  private static void collectOptions(Class<?> type, Map<String, String> found) {
    for (Field field : type.getDeclaredFields()) {
      Option option = field.getAnnotation(Option.class);
      if (option != null) {
        Matcher env = OPTION_ENV.matcher(option.defaultValue());
        if (env.find()) {
          found.put(env.group(1), env.group(2) == null ? "" : env.group(2));
        }
      }
      if (field.isAnnotationPresent(Mixin.class)) {
        collectOptions(field.getType(), found);
      }
    }
  }

  private static void collectGetenv(String sources, Map<String, String> found) {
    // By simple name, so one name may stand for several values (KafkaOptions.PASSWORD_VARIABLE and
    // RedisOptions.PASSWORD_VARIABLE): a getenv of that name counts as reading each of them.
    Map<String, Set<String>> constants = new TreeMap<>();
    Matcher constant = CONSTANT.matcher(sources);
    while (constant.find()) {
      constants.computeIfAbsent(constant.group(1), n -> new TreeSet<>()).add(constant.group(2));
    }
    Matcher getenv = GETENV.matcher(sources);
    while (getenv.find()) {
      Set<String> names =
          getenv.group(1) != null
              ? Set.of(getenv.group(1))
              : constants.getOrDefault(getenv.group(2), Set.of());
      names.forEach(name -> found.putIfAbsent(name, ""));
    }
  }

  /** Every name the jar reads. */
  Set<String> names() {
    return defaults.keySet();
  }

  /** The default an option falls back to when its variable is unset, if it has one. */
  Optional<String> defaultOf(String name) {
    String value = defaults.get(name);
    return value == null || value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
