package dev.slipway.testing;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit 5 extension: one {@link MotoServer} per test class, reset before each test, stopped after the class (also
 * when tests fail). Tests receive the server as a parameter:
 *
 * <pre>{@code
 * @ExtendWith(MotoExtension.class)
 * class SomethingTest {
 *     @Test
 *     void works(MotoServer moto) { try (S3Client s3 = moto.s3()) { ... } }
 * }
 * }</pre>
 */
public final class MotoExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback,
        ParameterResolver {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(MotoExtension.class);
    private static final String KEY = "moto";

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getStore(NS).put(KEY, MotoServer.start());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        MotoServer server = context.getStore(NS).remove(KEY, MotoServer.class);
        if (server != null) {
            server.close();
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        server(context).reset();
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == MotoServer.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return server(context);
    }

    private static MotoServer server(ExtensionContext context) {
        ExtensionContext c = context;
        while (c != null) {
            MotoServer s = c.getStore(NS).get(KEY, MotoServer.class);
            if (s != null) {
                return s;
            }
            c = c.getParent().orElse(null);
        }
        throw new IllegalStateException("MotoExtension: no server for " + context.getDisplayName());
    }
}
