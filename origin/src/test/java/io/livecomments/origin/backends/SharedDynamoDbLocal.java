package io.livecomments.origin.backends;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Injects one in-memory {@link DynamoDbLocal} shared by every test class of the JVM run: started on
 * first use, stopped when JUnit closes its root store at the end of the run. Tests isolate
 * themselves by table. Use {@code @ExtendWith(SharedDynamoDbLocal.class)} and take a {@code
 * DynamoDbLocal} constructor or method parameter.
 */
public final class SharedDynamoDbLocal implements ParameterResolver {
  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == DynamoDbLocal.class;
  }

  @Override
  public DynamoDbLocal resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(
            DynamoDbLocal.class, type -> DynamoDbLocal.inMemory(), DynamoDbLocal.class);
  }
}
