package io.livecomments.app;

import com.bertramlabs.plugins.hcl4j.HCLParser;
import com.bertramlabs.plugins.hcl4j.HCLParserException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The {@code terraform/} tree as hcl4j reads it, one folder (module or environment) at a time, all
 * its {@code *.tf} files together. Terraform functions are not evaluated (their results read as
 * null), since hcl4j's versions of them differ from terraform's; a {@code var.x} reads as the
 * variable's default. So checks read literal values and variable defaults, and names (of blocks,
 * attributes and map keys), which is what a parser gets right.
 */
final class TerraformTree {
  private final Path root;

  private TerraformTree(Path root) {
    this.root = root;
  }

  /** The repository root holding {@code terraform/}, found from the working directory up. */
  static Path repositoryRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("terraform"))) {
      dir = dir.getParent();
    }
    if (dir == null) {
      throw new IllegalStateException("no terraform/ above " + Path.of("").toAbsolutePath());
    }
    return dir;
  }

  static TerraformTree of(Path repositoryRoot) {
    return new TerraformTree(repositoryRoot.resolve("terraform"));
  }

  Path folder(String relative) {
    return root.resolve(relative);
  }

  /** Folders under {@code terraform/} holding .tf files: modules/* and envs/*. */
  List<String> folders(String parent) {
    try (Stream<Path> dirs = Files.list(root.resolve(parent))) {
      return dirs.filter(Files::isDirectory)
          .map(d -> parent + "/" + d.getFileName())
          .sorted()
          .collect(Collectors.toList());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Every .tf file of a folder, concatenated in name order. */
  String text(String relative) {
    try (Stream<Path> files = Files.list(folder(relative))) {
      StringBuilder text = new StringBuilder();
      for (Path file : files.filter(f -> f.toString().endsWith(".tf")).sorted().toList()) {
        text.append(Files.readString(file, StandardCharsets.UTF_8)).append('\n');
      }
      return text.toString();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A folder parsed. */
  Map<String, Object> parse(String relative) {
    try {
      return new StructureParser().parse(text(relative));
    } catch (HCLParserException | IOException e) {
      throw new IllegalStateException("terraform/" + relative + " does not parse", e);
    }
  }

  /** {@code resource "type" "name"} of a folder, its attributes and nested blocks. */
  Map<String, Object> resource(String relative, String type, String name) {
    Map<String, Object> byType = map(map(parse(relative), "resource"), type);
    return map(byType, name);
  }

  /** {@code variable "name"}'s default (null if it has none). */
  Object variableDefault(String relative, String name) {
    return map(map(parse(relative), "variable"), name).get("default");
  }

  /** Variable name to its block. */
  Map<String, Object> variables(String relative) {
    return map(parse(relative), "variable");
  }

  /** Output name to its block. */
  Map<String, Object> outputs(String relative) {
    Object outputs = parse(relative).get("output");
    return outputs == null ? Map.of() : cast(outputs);
  }

  /** Module call name to its arguments. */
  Map<String, Object> modules(String relative) {
    Object modules = parse(relative).get("module");
    return modules == null ? Map.of() : cast(modules);
  }

  /** Every {@code locals} block of a folder merged. */
  Map<String, Object> locals(String relative) {
    Object locals = parse(relative).get("locals");
    Map<String, Object> merged = new LinkedHashMap<>();
    if (locals instanceof List<?> blocks) {
      blocks.forEach(block -> merged.putAll(cast(block)));
    } else if (locals != null) {
      merged.putAll(cast(locals));
    }
    return merged;
  }

  /** A nested map, failing with the key when it is not there. */
  static Map<String, Object> map(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    if (!(value instanceof Map<?, ?>)) {
      throw new AssertionError("no block " + key + " in " + parent.keySet());
    }
    return cast(value);
  }

  /** A block that may appear once (a map) or repeatedly (a list of maps), as a list. */
  static List<Map<String, Object>> blocks(Map<String, Object> parent, String key) {
    Object value = parent.get(key);
    List<Map<String, Object>> result = new ArrayList<>();
    if (value instanceof List<?> list) {
      list.forEach(item -> result.add(cast(item)));
    } else if (value != null) {
      result.add(cast(value));
    }
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> cast(Object value) {
    return (Map<String, Object>) value;
  }

  /** hcl4j with no function evaluated: structure, literals and variable defaults only. */
  private static final class StructureParser extends HCLParser {
    StructureParser() {
      functionRegistry.clear();
      dataLookupRegistry.clear();
    }
  }
}
