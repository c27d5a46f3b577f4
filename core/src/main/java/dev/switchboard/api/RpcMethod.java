package dev.switchboard.api;

import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import java.lang.annotation.Documented;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;

/**
 * Makes a method of a CDI bean callable by clients as a remote procedure (for example an sgc JSON-RPC call).
 *
 * <pre>{@code
 * @ApplicationScoped
 * public class Calculator {
 *     @RpcMethod("add")
 *     public int add(AddParams params) { return params.a() + params.b(); }
 * }
 * }</pre>
 *
 * <p>The method takes no parameter, one parameter that the call's {@code params} are mapped to with JSON-B,
 * and optionally a {@link Connection} parameter for the caller. Its return value is mapped to JSON with JSON-B
 * and sent as the result ({@code void} sends {@code null}). Throwing {@link RpcException} sends that error;
 * any other exception sends -32603 (internal error) without its details. A call without an id is a
 * notification: the method runs and nothing is sent back. Two methods with the same name fail the deployment.
 */
@Documented
@Retention(RUNTIME)
@Target(METHOD)
public @interface RpcMethod {

    /**
     * The method name clients call.
     *
     * @return the name; empty means the Java method name
     */
    String value() default "";
}
