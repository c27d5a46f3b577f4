package dev.switchboard.rpc;

import dev.switchboard.api.Connection;
import dev.switchboard.api.RpcMethod;
import jakarta.enterprise.inject.spi.AnnotatedMethod;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One {@link RpcMethod @RpcMethod} method of a bean, checked and ready to call.
 *
 * @param name            the name clients call
 * @param bean            the bean that declares (or inherits) the method
 * @param method          the Java method
 * @param payloadIndex    the index of the parameter the call's params are mapped to, or -1 when there is none
 * @param connectionIndex the index of the {@link Connection} parameter, or -1 when there is none
 */
public record RpcTarget(String name, Bean<?> bean, Method method, int payloadIndex, int connectionIndex) {

    /** Validates. */
    public RpcTarget {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(bean, "bean");
        Objects.requireNonNull(method, "method");
    }

    /**
     * The generic type the params are mapped to.
     *
     * @return the parameter type, or null when the method takes no params
     */
    public Type payloadType() {
        return payloadIndex < 0 ? null : method.getGenericParameterTypes()[payloadIndex];
    }

    /**
     * Describes the method for error messages: {@code com.example.Calculator.add}.
     *
     * @return the description
     */
    public String describe() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    /**
     * Finds the {@code @RpcMethod} methods of a managed bean. Called by the CDI extension for every managed bean
     * while the container starts.
     *
     * @param bean    the bean
     * @param type    its annotated type (annotations added by other extensions count)
     * @param targets receives the usable methods
     * @return one sentence per unusable method; empty when all are usable
     */
    public static List<String> inspect(Bean<?> bean, AnnotatedType<?> type, List<RpcTarget> targets) {
        List<String> problems = new ArrayList<>();
        for (AnnotatedMethod<?> annotated : type.getMethods()) {
            RpcMethod annotation = annotated.getAnnotation(RpcMethod.class);
            if (annotation == null) {
                continue;
            }
            Method method = annotated.getJavaMember();
            String where = bean.getBeanClass().getName() + "." + method.getName();
            String name = annotation.value().isBlank()
                    ? method.getName()
                    : annotation.value().trim();
            int before = problems.size();
            if (Modifier.isStatic(method.getModifiers())) {
                problems.add(where + " is annotated @RpcMethod but is static; RPC methods are called on the bean");
            }
            if (Modifier.isPrivate(method.getModifiers())) {
                problems.add(where + " is annotated @RpcMethod but is private; the container cannot call it");
            }
            if (name.startsWith("sgc@")) {
                problems.add(where + " names RPC method '" + name + "'; names starting with sgc@ are reserved"
                        + " by the sgc protocol");
            }
            int payload = -1;
            int connection = -1;
            Class<?>[] parameters = method.getParameterTypes();
            for (int i = 0; i < parameters.length; i++) {
                if (parameters[i] == Connection.class) {
                    if (connection >= 0) {
                        problems.add(where + " has more than one Connection parameter");
                    }
                    connection = i;
                } else {
                    if (payload >= 0) {
                        problems.add(where + " has more than one parameter besides the Connection; put the params"
                                + " in one class or record");
                    }
                    payload = i;
                }
            }
            if (problems.size() == before) {
                // Package-private methods of package-private classes are legal bean methods; reflection needs this.
                method.trySetAccessible();
                targets.add(new RpcTarget(name, bean, method, payload, connection));
            }
        }
        return problems;
    }
}
