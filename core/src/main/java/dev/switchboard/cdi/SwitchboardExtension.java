package dev.switchboard.cdi;

import dev.switchboard.api.NoSubprotocol;
import dev.switchboard.api.Subprotocol;
import dev.switchboard.rpc.RpcMethods;
import dev.switchboard.rpc.RpcTarget;
import dev.switchboard.spi.SubprotocolHandler;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessBean;
import jakarta.enterprise.inject.spi.ProcessManagedBean;
import jakarta.inject.Singleton;
import java.lang.annotation.Annotation;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Finds every {@link SubprotocolHandler} bean of the deployment and fails the deployment, once, with every
 * problem listed, when the set is not usable: a token used twice, a token that is not an HTTP token, a handler
 * with no (or both) qualifiers, or more than one plain-message handler. It also collects the
 * {@link dev.switchboard.api.RpcMethod @RpcMethod} methods of every managed bean, adds their problems (duplicate
 * names, unusable signatures) to the same error, and registers the resulting {@link RpcMethods} as a bean.
 */
public class SwitchboardExtension implements Extension {

    private final List<Bean<?>> handlerBeans = new ArrayList<>();
    private final List<RpcTarget> rpcTargets = new ArrayList<>();
    private final List<String> rpcProblems = new ArrayList<>();

    <T> void collect(@Observes ProcessBean<T> event) {
        Bean<T> bean = event.getBean();
        for (Type type : bean.getTypes()) {
            Type raw = type instanceof ParameterizedType parameterized ? parameterized.getRawType() : type;
            if (raw == SubprotocolHandler.class) {
                handlerBeans.add(bean);
                return;
            }
        }
    }

    <T> void collectRpcMethods(@Observes ProcessManagedBean<T> event) {
        rpcProblems.addAll(RpcTarget.inspect(event.getBean(), event.getAnnotatedBeanClass(), rpcTargets));
    }

    void validate(@Observes AfterBeanDiscovery event) {
        List<String> problems = new ArrayList<>(problems(handlerBeans));
        problems.addAll(rpcProblems);
        problems.addAll(RpcMethods.problems(rpcTargets));
        if (!problems.isEmpty()) {
            event.addDefinitionError(new DeploymentException("Switchboard cannot deploy the subprotocol handlers"
                    + " and RPC methods:\n  - " + String.join("\n  - ", problems)));
        }
        RpcMethods catalog = RpcMethods.of(rpcTargets);
        event.addBean()
                .beanClass(RpcMethods.class)
                .types(RpcMethods.class, Object.class)
                .scope(Singleton.class)
                .createWith(context -> catalog);
    }

    /**
     * Lists what is wrong with a set of handler beans; empty when they can be deployed.
     *
     * @param beans the handler beans
     * @return one sentence per problem
     */
    static List<String> problems(List<Bean<?>> beans) {
        List<String> problems = new ArrayList<>();
        Map<String, List<String>> byToken = new TreeMap<>();
        List<String> plain = new ArrayList<>();
        for (Bean<?> bean : beans) {
            String name = describe(bean);
            List<String> tokens = new ArrayList<>();
            boolean isPlain = false;
            for (Annotation qualifier : bean.getQualifiers()) {
                if (qualifier instanceof Subprotocol subprotocol) {
                    tokens.add(subprotocol.value());
                } else if (qualifier instanceof NoSubprotocol) {
                    isPlain = true;
                }
            }
            if (tokens.isEmpty() && !isPlain) {
                problems.add(name + " implements SubprotocolHandler but has neither @Subprotocol nor @NoSubprotocol");
            }
            if (!tokens.isEmpty() && isPlain) {
                problems.add(name + " has both @Subprotocol and @NoSubprotocol");
            }
            if (isPlain) {
                plain.add(name);
            }
            for (String token : tokens) {
                if (!isToken(token)) {
                    problems.add(name + " names subprotocol '" + token
                            + "', which is not an HTTP token (RFC 6455 section 4.1)");
                }
                byToken.computeIfAbsent(token, t -> new ArrayList<>()).add(name);
            }
        }
        byToken.forEach((token, owners) -> {
            owners.sort(null);
            if (owners.size() > 1) {
                problems.add("subprotocol '" + token + "' is claimed by " + owners.size() + " beans: "
                        + String.join(", ", owners));
            }
        });
        if (plain.size() > 1) {
            plain.sort(null);
            problems.add("only one @NoSubprotocol handler may exist, found " + plain.size() + ": "
                    + String.join(", ", plain));
        }
        return problems;
    }

    /**
     * Tells whether a value is an HTTP token (RFC 9110 section 5.6.2), as a subprotocol name must be.
     *
     * @param value the candidate
     * @return true for a non-empty token
     */
    static boolean isToken(String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean tchar = (c >= 'a' && c <= 'z')
                    || (c >= 'A' && c <= 'Z')
                    || (c >= '0' && c <= '9')
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!tchar) {
                return false;
            }
        }
        return true;
    }

    private static String describe(Bean<?> bean) {
        return bean.getBeanClass().getName();
    }
}
