package io.livecomments.origin.backends;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one {@link KafkaBroker#startSecured secured broker} shared by every test class of the JVM
 * run that asks for it, as {@link SharedKafka} shares the plaintext one: started on first use,
 * stopped at the end of the run. Use {@code @ExtendWith(SharedSecuredKafka.class)} and take a
 * {@link SecureListeners} parameter.
 */
public final class SharedSecuredKafka implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == SecureListeners.class;
  }

  @Override
  public SecureListeners resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.create(SharedSecuredKafka.class))
        .getOrComputeIfAbsent(
            SharedSecuredKafka.class, type -> KafkaBroker.startSecured(), KafkaBroker.class)
        .secure();
  }
}
