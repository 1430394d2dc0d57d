package io.livecomments.origin.backends;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one {@link KafkaBroker} shared by every test class of the JVM run: started on first use,
 * stopped when JUnit closes its root store at the end of the run. Tests isolate themselves by topic
 * and group. Use {@code @ExtendWith(SharedKafka.class)} and take a {@code KafkaBroker} constructor
 * or method parameter.
 */
public final class SharedKafka implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == KafkaBroker.class;
  }

  @Override
  public KafkaBroker resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KafkaBroker.class, type -> KafkaBroker.start(), KafkaBroker.class);
  }
}
