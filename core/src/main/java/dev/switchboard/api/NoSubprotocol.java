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
 * Marks the {@link dev.switchboard.spi.SubprotocolHandler} bean that receives plain messages: those of
 * connections whose client offered no subprotocol at all.
 *
 * <p>At most one such bean may exist; a second one fails the deployment. Without one, plain connections are
 * still accepted (they can receive what the application sends them) and their inbound messages are dropped.
 */
@Qualifier
@Documented
@Retention(RUNTIME)
@Target({TYPE, METHOD, FIELD, PARAMETER})
public @interface NoSubprotocol {

    /** The qualifier instance for programmatic CDI lookup. */
    final class Literal extends AnnotationLiteral<NoSubprotocol> implements NoSubprotocol {
        private static final long serialVersionUID = 1L;

        /** The one instance; the annotation has no members. */
        public static final Literal INSTANCE = new Literal();

        private Literal() {}
    }
}
