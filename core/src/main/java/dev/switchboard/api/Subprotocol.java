package dev.switchboard.api;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.TYPE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import jakarta.enterprise.util.AnnotationLiteral;
import jakarta.inject.Qualifier;
import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Names the WebSocket subprotocol a {@link dev.switchboard.spi.SubprotocolHandler} bean speaks.
 *
 * <pre>{@code
 * @ApplicationScoped
 * @Subprotocol("chat.v1.example.com")
 * public class ChatProtocol implements SubprotocolHandler { ... }
 * }</pre>
 *
 * <p>The value is the exact token a client sends in {@code Sec-WebSocket-Protocol}
 * (<a href="https://www.rfc-editor.org/rfc/rfc6455#section-4.1">RFC 6455 §4.1</a>): a non-empty HTTP token,
 * compared case-sensitively. Two beans naming the same token, or a token that is not a valid HTTP token,
 * fail the deployment; every such problem is listed in one error.
 *
 * <p>Negotiation picks the first value of the client's offer that some bean supports, and echoes it.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
public @interface Subprotocol {

    /**
     * The subprotocol token.
     *
     * @return the exact {@code Sec-WebSocket-Protocol} value this bean answers to
     */
    String value();

    /** Builds {@code @Subprotocol} instances for programmatic CDI lookup. */
    final class Literal extends AnnotationLiteral<Subprotocol> implements Subprotocol {
        private static final long serialVersionUID = 1L;
        private final String value;

        private Literal(String value) {
            this.value = value;
        }

        /**
         * Returns a qualifier instance for {@code name}.
         *
         * @param name the subprotocol token
         * @return the literal
         */
        public static Literal of(String name) {
            return new Literal(name);
        }

        @Override
        public String value() {
            return value;
        }
    }
}
