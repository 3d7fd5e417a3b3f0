package dev.pulse.ops;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts one fresh stack for the whole test run and stops it when the run ends; tests receive it as
 * a parameter.
 */
public class StackExtension implements BeforeAllCallback, ParameterResolver {
  private static final String KEY = "local-stack";

  @Override
  public void beforeAll(ExtensionContext context) {
    stack(context);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == LocalStack.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    return stack(context);
  }

  private static LocalStack stack(ExtensionContext context) {
    return context
        .getRoot()
        .getStore(ExtensionContext.Namespace.GLOBAL)
        .getOrComputeIfAbsent(KEY, key -> new Running(), Running.class)
        .stack;
  }

  /** Closed by JUnit when the root context closes, after the last test. */
  private static final class Running implements ExtensionContext.Store.CloseableResource {
    final LocalStack stack = LocalStack.fromEnvironment();

    Running() {
      stack.startFresh();
    }

    @Override
    public void close() {
      stack.run("down");
    }
  }
}
